from django.db import models


class SweepRun(models.Model):
    """The last successful run of each housekeeping task, for /healthz and the admin."""

    task = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField()
    rows_changed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.task} at {self.last_run_at:%Y-%m-%d %H:%M:%S}"
