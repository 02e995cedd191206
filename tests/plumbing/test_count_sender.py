"""A page queues its count and answers; this process's sender takes the counts to Redis in pipelines, so that a
page never waits for Redis, even one that does not answer, and none of many counts is lost on the way."""

import socket
import threading

import pytest
from django.test import Client

from jobs.models import JobDay
from plumbing.count_sender import counts_sent
from tests.helpers import BROWSER_UA, flushed_day_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_id(create_job):
    return create_job(publish=True)["id"]


class SilentRedis:
    """Accepts connections and reads what is sent, answering nothing until released; then hangs up."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.released = threading.Event()
        self.received = threading.Event()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.released.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection):
        while not self.released.is_set():
            try:
                if not connection.recv(65536):
                    return
            except OSError:
                return
            self.received.set()

    def release(self):
        self.released.set()
        for connection in self.connections:
            connection.shutdown(socket.SHUT_RDWR)  # hangs up now, though a reader thread is in recv()
            connection.close()
        self.listener.close()


def test_many_views_from_different_browsers_all_reach_the_daily_table(counting, job_id):
    for n in range(100):
        assert Client().get(f"/jobs/{job_id}", HTTP_USER_AGENT=f"{BROWSER_UA} n/{n}").status_code == 200

    assert flushed_day_totals(JobDay, job_id=job_id)["views"] == 100


def still_open(connection: socket.socket) -> bool:
    """Whether the client at the other end of the fake Redis's `connection` has kept it open (not hung up)."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True  # nothing to read, and not closed


def test_a_page_answers_while_redis_has_not_answered_its_count(counting, settings, job_id):
    silent, real_redis = SilentRedis(), settings.REDIS_URL
    settings.REDIS_URL = f"redis://127.0.0.1:{silent.port}/0"
    # Were the page to wait for Redis, it would answer only once this ran out, having hung up on Redis.
    settings.REDIS_SOCKET_TIMEOUT = 5
    try:
        answer = Client().get(f"/jobs/{job_id}", HTTP_USER_AGENT=BROWSER_UA)
        assert silent.received.wait(timeout=30), "the count was never sent"

        assert answer.status_code == 200
        assert [still_open(connection) for connection in silent.connections] == [True]
    finally:
        silent.release()
    assert counts_sent(timeout=60)  # the sender gives up on the Redis that hung up, and goes on
    settings.REDIS_URL = real_redis
    assert flushed_day_totals(JobDay, job_id=job_id)["views"] == 0
