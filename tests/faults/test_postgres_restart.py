"""PostgreSQL restarts while gunicorn serves a steady stream of requests: while it is down every request fails with
a clean 503 in its own envelope (the partner API's UNAVAILABLE, the offers API's, a plain page for HTML, /healthz
naming the database), never a 500 or a traceback; once it is back every request succeeds again, with no restart of
the web server, whether each request opens its own connection (CONN_MAX_AGE=0) or connections persist
(CONN_MAX_AGE=60, with health checks).

The app runs against a private PostgreSQL cluster that the test stops and starts; Redis is the run's own."""

import subprocess
import threading
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import OperationalError

from jobboard import views

from .conftest import BIN, ROOT, PrivatePostgres, child_env, fetch, run_manage, serve, wait_until

CLIENTS = 3
KINDS = ("partner-list", "partner-create", "offers-search", "board", "healthz")
OK = {"partner-list": 200, "partner-create": 201, "offers-search": 200, "board": 200, "healthz": 200}
ISSUE_KEY = (
    "from companies.services import company_create, partner_key_issue; "
    "print(partner_key_issue(company=company_create(name='Restart Co', accept_terms=True, payment_method=True)).raw)"
)


@pytest.fixture(scope="module")
def database():
    server = PrivatePostgres()
    run_manage("migrate", "-v0", DATABASE_URL=server.url)
    key = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", ISSUE_KEY],
        cwd=ROOT,
        env=child_env(DATABASE_URL=server.url),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    yield server, key
    server.destroy()


@dataclass
class Record:
    phase: str
    kind: str
    status: int
    content_type: str
    text: str


class Load:
    """CLIENTS threads sending each kind of request in turn, until stopped; each answer is recorded with the phase
    (up, stopping, down, back) in which its request was sent."""

    def __init__(self, port: int, key: str):
        self.port = port
        self.partner = {"Authorization": f"Bearer {key}"}
        self.phase = "up"
        self.records: list[Record] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(CLIENTS)]

    def _send(self, kind: str, n: int):
        if kind == "partner-list":
            return fetch(self.port, "/api/external/v1/jobs", headers=self.partner)
        if kind == "partner-create":
            return fetch(self.port, "/api/external/v1/jobs", "POST", {"title": f"Draft {n}"}, headers=self.partner)
        if kind == "offers-search":
            return fetch(self.port, "/api/offers")
        if kind == "healthz":
            return fetch(self.port, "/healthz")
        return fetch(self.port, "/")

    def _run(self, client: int):
        n = 0
        while not self._stop.is_set():
            kind = KINDS[(client + n) % len(KINDS)]
            phase = self.phase
            answer = self._send(kind, n)
            with self._lock:
                self.records.append(Record(phase, kind, answer.status, answer.content_type, answer.text))
            n += 1

    def count(self, phase: str, failed: bool = False) -> Counter:
        with self._lock:
            return Counter(r.kind for r in self.records if r.phase == phase and (not failed or r.status != OK[r.kind]))

    def start(self):
        for thread in self._threads:
            thread.start()

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join()


def every_kind(counts: Counter, n: int) -> bool:
    return all(counts[kind] >= n for kind in KINDS)


def assert_clean_503(record: Record) -> None:
    if record.kind.startswith("partner"):
        assert record.content_type == "application/json"
        assert record.text and '"code": "UNAVAILABLE"' in record.text.replace('":"', '": "')
    elif record.kind == "healthz":
        assert record.content_type == "application/json"
        assert '"database": "error"' in record.text.replace('":"', '": "')
    elif record.kind == "offers-search":
        assert record.content_type == "application/json"
        assert '"service-unavailable"' in record.text and '"error_code": 99' in record.text.replace('":', '": ')
    else:
        assert record.content_type.startswith("text/html")
        assert "Temporarily unavailable" in record.text


@pytest.mark.parametrize("conn_max_age", ["0", "60"])
def test_requests_get_a_clean_503_while_postgres_restarts_and_succeed_after(database, children, conn_max_age):
    server, key = database
    port = serve(
        children,
        f"faults-postgres-gunicorn-{conn_max_age}.log",
        DATABASE_URL=server.url,
        CONN_MAX_AGE=conn_max_age,
        PARTNER_RATE_LIMIT_PER_MINUTE="1000000",
    )
    load = Load(port, key)
    load.start()
    try:
        wait_until(lambda: every_kind(load.count("up"), 2), "answers before the restart")
        load.phase = "stopping"  # requests in flight as it shuts down may succeed or get a 503
        server.stop()
        load.phase = "down"
        wait_until(lambda: every_kind(load.count("down", failed=True), 2), "failures while PostgreSQL is down")
        server.start()
        load.phase = "back"
        wait_until(lambda: every_kind(load.count("back"), 3), "answers after the restart")
    finally:
        load.stop()

    for record in load.records:
        assert "Traceback" not in record.text
        assert record.status in (OK[record.kind], 503), (record.kind, record.status, record.text[:300])
        if record.status == 503:
            assert_clean_503(record)
    # Every request sent once PostgreSQL was back succeeded, on the same web processes. (One sent while it was down
    # may succeed too: it waited in gunicorn's queue until it was back.)
    back = [r for r in load.records if r.phase == "back"]
    assert [r.status for r in back] == [OK[r.kind] for r in back]
    totals = Counter((r.phase, r.status) for r in load.records)
    print(f"CONN_MAX_AGE={conn_max_age}: {dict(sorted(totals.items()))}")


def test_a_persistent_connection_dropped_while_idle_is_replaced_before_a_request_uses_it(database, children):
    server, key = database
    port = serve(children, "faults-postgres-idle-gunicorn.log", workers=1, DATABASE_URL=server.url, CONN_MAX_AGE="60")
    partner = {"Authorization": f"Bearer {key}"}
    assert fetch(port, "/api/external/v1/jobs", headers=partner).status == 200  # the worker now holds a connection
    server.stop()
    server.start()
    # CONN_HEALTH_CHECKS: the dead connection is found and replaced before use, so not even one request fails.
    assert fetch(port, "/api/external/v1/jobs", headers=partner).status == 200
    assert fetch(port, "/").status == 200


class _GoneAway:
    """SweepRun's manager once the database went away after /healthz's probe."""

    def all(self):
        raise OperationalError("the database system is shutting down")


@pytest.mark.django_db
def test_healthz_answers_json_503_when_the_database_goes_away_after_its_probe(client, monkeypatch):
    monkeypatch.setattr(views.SweepRun, "objects", _GoneAway())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
