"""What jobs announce to partners' webhooks: each event's data, built from stored rows in the partner API's
shapes (jobs/api/applications.py for the Application), so a receiver reads the same fields it would fetch."""

from collections.abc import Iterable

from plumbing.times import iso_z

from .models import Application, Job


def application_data(
    *, application: Application, question_ids: Iterable[int], met_qualification_ids: Iterable[int]
) -> dict:
    """The Application: answers in the job's question order, qualifications met in the job's order."""
    answers = application.answers if isinstance(application.answers, dict) else {}
    return {
        "id": str(application.pk),
        "jobId": str(application.job_id),
        "candidateName": application.candidate_name,
        "email": application.email,
        "answers": [
            {"questionId": str(pk), "answer": str(answers[str(pk)])} for pk in question_ids if str(pk) in answers
        ],
        "metQualificationIds": [str(pk) for pk in met_qualification_ids],
        "qualified": application.is_qualified,
        "status": application.status.upper(),
        "viewed": application.viewed_at is not None,
        "createdAt": iso_z(application.created_at),
        "charge": billing_data(application),
    }


def billing_data(application: Application) -> dict:
    """The Application's `charge`: whether the company pays for it, how much, and why not (`reason` null if it pays)."""
    billing = application.billing
    return {"charged": billing.charged, "amountCents": billing.amount_cents, "reason": billing.reason}


def status_changed_data(*, job_id, previous: str, current: str) -> dict:
    return {"jobId": str(job_id), "from": str(previous), "to": str(current)}


def budget_exhausted_data(*, job: Job, window: str) -> dict:
    return {"jobId": str(job.pk), "window": str(window)}
