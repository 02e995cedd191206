"""Failures of company rules, independent of how they are shown (dashboard form, command output)."""


class CompanyError(Exception):
    message = "Something went wrong."

    def __init__(self, message: str | None = None):
        self.message = message or self.message
        super().__init__(self.message)


class ValidationFailed(CompanyError):
    """One message per field; keys are model field names (or the service's parameter names)."""

    message = "Some values are not valid."

    def __init__(self, fields: dict[str, str], message: str | None = None):
        self.fields = fields
        super().__init__(message)


class CannotRemoveSelf(CompanyError):
    message = "You cannot remove yourself from the team. Ask a colleague to remove you."


class NotAMember(CompanyError):
    message = "You are no longer a member of this company."


class InvitationInvalid(CompanyError):
    message = "This invitation link is no longer valid. Ask your colleague to invite you again."
