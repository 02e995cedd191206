"""Failures of company rules, independent of how they are shown (dashboard form, command output)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .validators import FieldRule


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


class ApplicationRulesBroken(ValidationFailed):
    """Sign-up input that breaks the rules: `rules` holds each field's code and words (companies.validators)."""

    def __init__(self, rules: "dict[str, FieldRule]", message: str | None = None):
        self.rules = rules
        super().__init__({name: rule.text for name, rule in rules.items()}, message)


class SignUpLimited(CompanyError):
    """Too many sign-up attempts from one address or for one email; try again in `retry_after` seconds."""

    message = "Too many sign-up attempts. Try again later."

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__()


class ApplicationRefused(CompanyError):
    """A company application cannot go where it was asked to; `code` is the API's msg for it."""

    code = "application-refused"
    status = 409


class ApplicationNotFound(ApplicationRefused):
    code = "no-application-found-with-id"
    status = 404
    message = "There is no such application."


class InvalidToken(ApplicationRefused):
    code = "invalid-token"
    status = 404
    message = "This confirmation link is not valid. Check that you opened the whole link from the email."


class ExpiredToken(ApplicationRefused):
    code = "expired-token"
    status = 410
    message = "This confirmation link has expired (links work for one hour). Apply again to get a new one."


class ApplicationAlreadyValidated(ApplicationRefused):
    code = "application-already-validated"
    message = "This email address is already confirmed. The application is waiting for review."


class ApplicationNotVerified(ApplicationRefused):
    code = "application-not-verified"
    message = "The applicant has not confirmed their email address yet, so the application cannot be reviewed."


class ApplicationAlreadyReviewed(ApplicationRefused):
    code = "company-application-already-reviewed"
    message = "This application was already reviewed."


class ApplicationEmailTaken(ApplicationRefused):
    code = "email-already-exists"
    message = "An account with the application's email address exists already, so none can be created for it."
