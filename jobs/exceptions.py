"""Failures of job rules, independent of how they are shown: a code, a message and the fields at fault.

The partner API maps each code to its HTTP status (jobs/api/errors.py, STATUS_FOR_CODE); the dashboard shows
the message beside the form or as a flash."""


class JobError(Exception):
    code = "INTERNAL"
    message = "Something went wrong."

    def __init__(self, message: str | None = None, fields: dict[str, str] | None = None) -> None:
        self.message = message or self.message
        self.fields = fields
        super().__init__(self.message)


class ValidationFailed(JobError):
    code, message = "VALIDATION_FAILED", "The request is not valid."

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        super().__init__(message, fields)


class IncompleteJob(ValidationFailed):
    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(fields, "The job is missing what it needs to be live.")


class JobNotFound(JobError):
    code, message = "NOT_FOUND", "Not found."


class AgreementOutdated(JobError):
    code = "AGREEMENT_OUTDATED"
    message = "The company must accept the current employer terms in the dashboard before publishing."


class PaymentMethodRequired(JobError):
    code = "PAYMENT_METHOD_REQUIRED"
    message = "The company must add a payment method in the dashboard (Billing) before publishing."


class InvalidTransition(JobError):
    code, message = "INVALID_TRANSITION", "This status change is not allowed."


class AlreadyApplied(JobError):
    code = "ALREADY_APPLIED"
    message = "You have already applied to this job with this email address."
    fields: dict[str, str]

    def __init__(self) -> None:
        super().__init__(fields={"email": self.message})


class JobNotEditable(JobError):
    code, message = "JOB_NOT_EDITABLE", "Closed and expired jobs cannot be edited."


class JobFrozen(JobError):
    code = "JOB_FROZEN"
    message = "Qualifications and questions cannot change once the job has applications."


class CompanyBlocked(JobError):
    code = "COMPANY_BLOCKED"
    message = "The company is blocked by an admin: it cannot create, edit, publish or resume jobs."


class CompanyDisabled(JobError):
    code = "COMPANY_DISABLED"
    message = "The company's account is disabled: it cannot create, edit, publish or resume jobs."


class IdempotencyKeyReused(JobError):
    code = "IDEMPOTENCY_KEY_REUSED"
    message = "This Idempotency-Key was already used with a different request."


class IdempotencyInProgress(JobError):
    code = "IDEMPOTENCY_IN_PROGRESS"
    message = "A request with this Idempotency-Key is still running; retry once it has finished."


class PayloadTooLarge(JobError):
    code, message = "PAYLOAD_TOO_LARGE", "The request body is too large."
