"""What every error handler (the partner API's, the offers API's, the pages') treats as the database being away."""

from django.db import InterfaceError, OperationalError

# Seconds a client is asked to wait: about what a PostgreSQL restart or failover takes.
RETRY_AFTER_SECONDS = 5


def database_unavailable(exc: BaseException | None) -> bool:
    """A lost or refused connection, a server shutting down or starting up; psycopg reports each as one of these."""
    return isinstance(exc, (OperationalError, InterfaceError))
