"""Reading a job's daily figures for a range reads only that range's rows, through the (job, day) index, however
many days the job and others have: asserted from the plan PostgreSQL runs (EXPLAIN ANALYZE, FORMAT JSON), with
sequential scans discouraged as in test_query_plans.py, so the test checks that the index can answer within bound."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import JobDay
from jobs.selectors import job_days

pytestmark = pytest.mark.django_db

DAYS = 3000  # about eight years of days, for each of three jobs
FIRST = date(2018, 1, 1)


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def test_a_90_day_range_reads_its_rows_through_the_job_day_index(create_job):
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    job_ids = [create_job(publish=True, title=f"Engineer {i}")["id"] for i in range(3)]
    JobDay.objects.bulk_create(
        JobDay(job_id=job_id, day=FIRST + timedelta(days=n), views=n) for job_id in job_ids for n in range(DAYS)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_jobday")
    start = FIRST + timedelta(days=1000)

    with CaptureQueriesContext(connection) as queries:
        days = job_days(job_id=job_ids[1], date_from=start, date_to=start + timedelta(days=89))
    assert len(days) == 90 and days[0]["views"] == 1000
    (query,) = [q["sql"] for q in queries.captured_queries if "jobs_jobday" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query)
            plan = cursor.fetchone()[0][0]["Plan"]
        finally:
            cursor.execute("RESET enable_seqscan")

    scans = [node for node in nodes(plan) if node.get("Relation Name") == "jobs_jobday"]
    assert scans and all(node["Node Type"] != "Seq Scan" for node in scans), plan
    index_scans = [node for node in nodes(plan) if node.get("Index Name") == "unique_job_day"]
    assert index_scans, plan
    assert all(node["Actual Rows"] <= 90 and node.get("Rows Removed by Filter", 0) == 0 for node in index_scans)
