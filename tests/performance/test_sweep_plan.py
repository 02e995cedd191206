"""What one batch of the expiry sweep reads and writes, from PostgreSQL's catalogue and executed plan: bounded by the
due jobs, never by the table, and each expired job written into as few indexes as the reads allow. Structural, so a
regression fails without timing anything (bin/bench --sweep measures the time)."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.services import company_create
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services.expiry import expire_due_jobs
from tests.performance.test_query_plans import nodes, rows_read

DUE = 300
# Ten times more jobs that are not due than due ones, so a batch that reads the table cannot pass.
NOT_DUE = 10 * DUE
INDEXES_EVERY_JOB_NEEDS = {"jobs_job_pkey", "jobs_job_company_f4174d_idx", "jobs_job_created_at_45317293"}


@pytest.fixture(scope="module")
def seeded_and_analyzed(django_db_setup, django_db_blocker):
    # Committed and VACUUM ANALYZEd as in test_query_plans, so the plan does not depend on which tests ran before.
    with django_db_blocker.unblock():
        company = company_create(name="Sweep Plan", accept_terms=True, payment_method=True)
        now = timezone.now()

        def job(i: int, status: str, expires_at) -> Job:
            return Job(company=company, title=f"Job {i}", status=status, published_at=now, expires_at=expires_at)

        live = (JobStatus.ACTIVE, JobStatus.PAUSED)
        Job.objects.bulk_create(
            [job(i, live[i % 2], now - timedelta(minutes=i + 1)) for i in range(DUE)]
            + [job(i, JobStatus.ACTIVE, now + timedelta(days=1, minutes=i)) for i in range(NOT_DUE // 2)]
            + [job(i, JobStatus.EXPIRED, now - timedelta(days=1, minutes=i)) for i in range(NOT_DUE // 2)]
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE jobs_job")
        yield company
        Job.objects.filter(company=company).delete()
        company.delete()


@pytest.fixture
def seeded(seeded_and_analyzed, db):
    return seeded_and_analyzed


def sweep_batch_plan() -> dict:
    """The executed plan of the sweep's batch statement, with everything it changed rolled back."""
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        expire_due_jobs()
        transaction.set_rollback(True)
    (sql,) = [query["sql"] for query in captured.captured_queries if "SKIP LOCKED" in query["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        # At this size reading the whole table is a fair choice the planner makes or not from run to run; with
        # sequential scans discouraged (as in test_query_plans) the plan shows whether an index answers the batch.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]["Plan"]
        transaction.set_rollback(True)
    return plan


def test_a_sweep_batch_finds_due_jobs_through_the_live_only_index_and_reads_at_most_twice_the_rows_due(seeded):
    plan = sweep_batch_plan()
    assert "job_due_for_expiry_idx" in {node.get("Index Name") for node in nodes(plan)}
    assert [node["Node Type"] for node in nodes(plan) if node.get("Relation Name") == "jobs_job"].count("Seq Scan") == 0
    # Twice: the primary key also holds the entries of the rolled-back run that captured the statement.
    assert max(rows_read(node) for node in nodes(plan)) <= 2 * DUE


def test_an_expired_job_is_written_only_into_the_primary_key_company_and_created_at_indexes(seeded):
    expired = Job.objects.filter(company=seeded, status=JobStatus.EXPIRED).first()
    written_into = set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT index.relname, pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
            "JOIN pg_class index ON index.oid = i.indexrelid WHERE i.indrelid = 'jobs_job'::regclass"
        )
        for name, predicate in cursor.fetchall():
            if predicate is None:
                written_into.add(name)
                continue
            cursor.execute(f"SELECT {predicate} FROM jobs_job WHERE id = %s", [expired.pk])
            if cursor.fetchone()[0]:
                written_into.add(name)
    assert written_into == INDEXES_EVERY_JOB_NEEDS
