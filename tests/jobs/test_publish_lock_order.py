"""Publishing takes the company's lock before the job's, the order every writer of spend or bids uses
(application_submit, a bid or budget edit), so a publish never deadlocks against them on PostgreSQL."""

import threading

import pytest
from django.db import connection, transaction

from companies.models import Company
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services.jobs import job_publish
from tests.jobs.test_budget_state_race import a_session_waits_on_a_lock

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_publish_waiting_on_a_writer_holding_the_company_never_deadlocks_with_it(create_job, owner_company):
    draft = create_job(title="Draft")
    holding, publish_waits, errors = threading.Event(), threading.Event(), []

    def writer():
        """Locks as application_submit and a bid edit do: company, then (once the publish waits) the job."""
        try:
            with transaction.atomic():
                Company.objects.select_for_update().get(pk=owner_company.pk)
                holding.set()
                publish_waits.wait()
                Job.objects.select_for_update().get(pk=draft["id"])
        except Exception as error:  # a deadlock is detected here or in the publish
            errors.append(error)
        finally:
            holding.set()
            connection.close()

    def publish():
        try:
            holding.wait()
            job_publish(company=owner_company, job_id=draft["id"])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer), threading.Thread(target=publish)]
    for thread in threads:
        thread.start()
    holding.wait()
    # Polled from this thread: a transaction sees pg_stat_activity as it was when it first read it.
    while threads[1].is_alive() and not a_session_waits_on_a_lock():
        threads[1].join(0.01)
    publish_waits.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Job.objects.get(pk=draft["id"]).status == JobStatus.ACTIVE
