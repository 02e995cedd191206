"""Indexes an expired job is not written into: the sweep's UPDATE inserts each new row version into every index
whose predicate it meets (the status change is never a HOT update), so live-only and ACTIVE-only indexes skip it.

- The due-for-expiry index holds live jobs only (it replaces (status, expires_at), which held every status).
- The full-text GIN index holds ACTIVE jobs only: search_vector is searched by the public board alone, which shows
  ACTIVE jobs only (with_status(ACTIVE) filters status = 'ACTIVE', so the planner proves the predicate).
- The company foreign key loses its own index: the (company, -created_at, -id) index answers company lookups."""

import django.db.models.deletion
from django.db import migrations, models


def gin_index_active_only(apps, schema_editor):
    # The GIN index exists on PostgreSQL only (0004); SQLite has nothing to change.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS job_search_vector_gin")
        schema_editor.execute(
            "CREATE INDEX job_search_vector_gin ON jobs_job USING gin (search_vector) WHERE status = 'ACTIVE'"
        )


def gin_index_every_job(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS job_search_vector_gin")
        schema_editor.execute("CREATE INDEX job_search_vector_gin ON jobs_job USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_webhooks"),
        ("jobs", "0008_budget_full_until"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="job", name="jobs_job_status_367b96_idx"),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                condition=models.Q(("status__in", ("ACTIVE", "PAUSED"))),
                fields=["expires_at"],
                name="job_due_for_expiry_idx",
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="company",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="jobs",
                to="companies.company",
            ),
        ),
        migrations.RunPython(gin_index_active_only, gin_index_every_job),
    ]
