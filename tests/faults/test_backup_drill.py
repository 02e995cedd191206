"""The backup drill of docs/operations.md (bin/backup-drill: pg_dump, pg_restore into a scratch database, compare)
run on a seeded database: every table's row count, every sequence and the charge ledger's checksum come back
identical, and the scratch database is gone afterwards."""

import re
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from jobs.choices import JobStatus
from jobs.models import Charge, Job
from jobs.services.applications import application_submit

from .conftest import ROOT, child_env

pytestmark = pytest.mark.django_db(transaction=True)

TABLE_LINE = re.compile(r"^table (\S+) (\d+) \| (\d+)$", re.MULTILINE)


@pytest.fixture
def seeded(locations):
    call_command("seed_demo", "--force", verbosity=0)
    # More applications, most of them qualified, so the ledger has charges (and skipped ones) across jobs.
    for job in Job.objects.filter(status=JobStatus.ACTIVE).prefetch_related("qualifications", "questions"):
        for n in range(3):
            application_submit(
                job_id=job.pk,
                candidate_name=f"Candidate {n}",
                email=f"drill-{job.pk}-{n}@candidates.example",
                answers={str(q.pk): q.options[0] if q.options else "Yes." for q in job.questions.all()},
                met_qualification_ids=[q.pk for q in job.qualifications.all()] if n else [],
            )
    assert Charge.objects.count() > 10


def test_a_restored_backup_has_every_row_every_sequence_and_the_same_ledger(seeded, capsys):
    drill = subprocess.run(
        [str(ROOT / "bin" / "backup-drill")], cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=120
    )
    with capsys.disabled():
        print("\n" + drill.stdout.splitlines()[-1])
    assert drill.returncode == 0, drill.stdout + drill.stderr
    report = drill.stdout.splitlines()
    assert report[-1].startswith("Backup drill passed:")

    # Source and restored counts as the drill read them, checked against the ORM's own count of each model's table.
    tables = {name: (source, copy) for name, source, copy in TABLE_LINE.findall(drill.stdout)}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        assert tables[table] == (str(model._default_manager.count()),) * 2, table

    [ledger] = [line for line in report if line.startswith("ledger ")]
    source, copy = ledger.removeprefix("ledger jobs_charge ").split(" | ")
    assert source == copy
    paid = Charge.objects.filter(skipped=False).aggregate(total=Sum("amount_cents"))["total"]
    assert source.startswith(f"{Charge.objects.count()} charges {paid} cents md5 ")

    with connection.cursor() as cursor:
        scratch = f"{connection.settings_dict['NAME']}_drill_%"
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", [scratch])
        assert cursor.fetchone()[0] == 0
