"""Failures of job rules, independent of how they are shown (API envelope, dashboard form)."""


class JobError(Exception):
    code = "INTERNAL"
    status = 500
    message = "Something went wrong."

    def __init__(self, message: str | None = None, fields: dict[str, str] | None = None):
        self.message = message or self.message
        self.fields = fields
        super().__init__(self.message)


class ValidationFailed(JobError):
    code, status, message = "VALIDATION_FAILED", 422, "The request is not valid."

    def __init__(self, fields: dict[str, str], message: str | None = None):
        super().__init__(message, fields)


class IncompleteJob(ValidationFailed):
    def __init__(self, fields: dict[str, str]):
        super().__init__(fields, "The job is missing what it needs to be live.")


class JobNotFound(JobError):
    code, status, message = "NOT_FOUND", 404, "Not found."


class AgreementOutdated(JobError):
    code, status = "AGREEMENT_OUTDATED", 409
    message = "The company must accept the current employer terms in the dashboard before publishing."


class PaymentMethodRequired(JobError):
    code, status = "PAYMENT_METHOD_REQUIRED", 402
    message = "The company must add a payment method in the dashboard (Billing) before publishing."


class InvalidTransition(JobError):
    code, status, message = "INVALID_TRANSITION", 409, "This status change is not allowed."


class AlreadyApplied(JobError):
    code, status = "ALREADY_APPLIED", 409
    message = "You have already applied to this job with this email address."

    def __init__(self):
        super().__init__(fields={"email": self.message})


class JobNotEditable(JobError):
    code, status, message = "JOB_NOT_EDITABLE", 409, "Closed and expired jobs cannot be edited."


class JobFrozen(JobError):
    code, status = "JOB_FROZEN", 409
    message = "Qualifications and questions cannot change once the job has applications."


class CompanyBlocked(JobError):
    code, status = "COMPANY_BLOCKED", 403
    message = "The company is blocked by an admin: it cannot create, edit, publish or resume jobs."


class CompanyDisabled(JobError):
    code, status = "COMPANY_DISABLED", 403
    message = "The company's account is disabled: it cannot create, edit, publish or resume jobs."


class IdempotencyKeyReused(JobError):
    code, status = "IDEMPOTENCY_KEY_REUSED", 422
    message = "This Idempotency-Key was already used with a different request."


class IdempotencyInProgress(JobError):
    code, status = "IDEMPOTENCY_IN_PROGRESS", 409
    message = "A request with this Idempotency-Key is still running; retry once it has finished."


class PayloadTooLarge(JobError):
    code, status, message = "PAYLOAD_TOO_LARGE", 413, "The request body is too large."
