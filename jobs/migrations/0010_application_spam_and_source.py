"""Spam marking and same-address billing: who marked an application spam and when, a refund on its charge, and
the keyed hash of the address a public application came from, with the index the same-address lookup walks.

The new columns are nullable (or blank) without a default to backfill, so adding them rewrites nothing. On
PostgreSQL the index is built CONCURRENTLY, outside a transaction (atomic = False): a plain CREATE INDEX would
hold back every application while it scans jobs_application."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """CONCURRENTLY where the database has it (PostgreSQL); a plain index elsewhere (SQLite for local runs)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


def backfill_budget_state(apps, schema_editor):
    """0008's backfill, run here once the columns the live definition reads exist. Only jobs stored as not full
    that are full now are written: where 0008 ran already (and the services kept the state since), none."""
    from django.utils import timezone

    from jobs.models import Job
    from jobs.services.budgets import jobs_refresh_budget_state

    now = timezone.now()
    stale = Job.objects.filter(status__in=["ACTIVE", "PAUSED", "DRAFT"], budget_full_until__isnull=True)
    jobs_refresh_budget_state(jobs=stale.filter(Job.objects.budget_exhausted(now=now)), now=now)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("jobs", "0009_sweep_writes_fewer_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="source_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="application",
            name="spam_marked_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="application",
            name="spam_marked_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="charge",
            name="refund_reason",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="charge",
            name="refunded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="application",
            index=models.Index(
                condition=models.Q(("source_hash__isnull", False)),
                fields=["source_hash", "created_at"],
                name="application_source_idx",
            ),
        ),
        migrations.RunPython(backfill_budget_state, migrations.RunPython.noop, elidable=True),
    ]
