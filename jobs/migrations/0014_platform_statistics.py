"""The platform statistics page: its permission, and an index on the daily rows' day, since the page sums every
job's rows of a range of days. The job foreign key's own index goes: the unique (job, day) index answers every
lookup by job, and each flush of counts no longer writes a third index.

On PostgreSQL the index is built CONCURRENTLY, outside a transaction (atomic = False), so the minute flush of
counts and the applications that write these rows do not wait for the build."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "job_day_day_idx"


def forwards(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX{concurrently} IF NOT EXISTS {INDEX} ON jobs_jobday (day)")


def backwards(apps, schema_editor):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0013_job_day"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="jobday",
            options={
                "ordering": ["job", "day"],
                "permissions": [("view_platform_statistics", "Can view the platform statistics page")],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="jobday", index=models.Index(fields=["day"], name=INDEX))],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
        migrations.AlterField(
            model_name="jobday",
            name="job",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="days", to="jobs.job"
            ),
        ),
    ]
