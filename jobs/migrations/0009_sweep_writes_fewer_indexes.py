"""Indexes an expired job is not written into: the sweep's UPDATE inserts each new row version into every index
whose predicate it meets (the status change is never a HOT update), so live-only and ACTIVE-only indexes skip it.

- The due-for-expiry index holds live jobs only (it replaces (status, expires_at), which held every status).
- The full-text GIN index holds ACTIVE jobs only: search_vector is searched by the public board alone, which shows
  ACTIVE jobs only (with_status(ACTIVE) filters status = 'ACTIVE', so the planner proves the predicate).
- The company foreign key loses its own index: the (company, -created_at, -id) index answers company lookups.

On PostgreSQL every index is built and dropped CONCURRENTLY, outside a transaction (atomic = False): Django's own
operations would hold an exclusive lock on jobs_job while building indexes over every job, and the board and the
partner API would wait that long. The model state changes as the operations in state_operations say."""

import django.db.models.deletion
from django.db import migrations, models

# Django's names for the indexes 0001 created: (status, expires_at) and the company foreign key's own index.
OLD_DUE_INDEX = "jobs_job_status_367b96_idx"
COMPANY_FK_INDEX = "jobs_job_company_id_1f42ea7c"
LIVE = "status IN ('ACTIVE', 'PAUSED')"


def _run(schema_editor, statements: list[str]) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for statement in statements:
        if postgres:
            statement = statement.replace("CREATE INDEX", "CREATE INDEX CONCURRENTLY").replace(
                "DROP INDEX", "DROP INDEX CONCURRENTLY"
            )
        elif "gin" in statement or "RENAME" in statement:
            continue  # the search index exists on PostgreSQL only (0004)
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(
        schema_editor,
        [
            f"CREATE INDEX IF NOT EXISTS job_due_for_expiry_idx ON jobs_job (expires_at) WHERE {LIVE}",
            f"DROP INDEX IF EXISTS {OLD_DUE_INDEX}",
            f"DROP INDEX IF EXISTS {COMPANY_FK_INDEX}",
            "CREATE INDEX IF NOT EXISTS job_search_vector_gin_new ON jobs_job USING gin (search_vector) "
            "WHERE status = 'ACTIVE'",
            "DROP INDEX IF EXISTS job_search_vector_gin",
            "ALTER INDEX job_search_vector_gin_new RENAME TO job_search_vector_gin",
        ],
    )


def backwards(apps, schema_editor):
    _run(
        schema_editor,
        [
            f"CREATE INDEX IF NOT EXISTS {OLD_DUE_INDEX} ON jobs_job (status, expires_at)",
            f"CREATE INDEX IF NOT EXISTS {COMPANY_FK_INDEX} ON jobs_job (company_id)",
            "DROP INDEX IF EXISTS job_due_for_expiry_idx",
            "CREATE INDEX IF NOT EXISTS job_search_vector_gin_new ON jobs_job USING gin (search_vector)",
            "DROP INDEX IF EXISTS job_search_vector_gin",
            "ALTER INDEX job_search_vector_gin_new RENAME TO job_search_vector_gin",
        ],
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("companies", "0002_webhooks"),
        ("jobs", "0008_budget_full_until"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.RemoveIndex(model_name="job", name=OLD_DUE_INDEX),
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
            ],
        ),
    ]
