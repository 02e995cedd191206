"""/healthz probes Redis through one pooled client per process, not a new connection per request."""

import redis
from django.conf import settings


def test_twenty_health_probes_open_at_most_one_redis_connection(client):
    observer = redis.Redis.from_url(settings.REDIS_URL)
    before = observer.info("stats")["total_connections_received"]
    for _ in range(20):
        assert client.get("/healthz").json()["redis"] == "ok"
    assert observer.info("stats")["total_connections_received"] - before <= 1
