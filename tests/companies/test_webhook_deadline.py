"""An attempt has 10 seconds in total, not 10 seconds per socket read: a receiver that trickles its answer a byte
at a time (each byte well within 10 s) is cut off at the deadline and the attempt fails as a timeout, instead of
holding the worker past its lease while another worker sends the delivery again."""

import socket
import threading
import time

import pytest

from companies.webhooks import delivery as webhooks
from companies.webhooks.delivery import webhook_deliver
from companies.webhooks.outbox import webhook_event_record

pytestmark = pytest.mark.django_db

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: " + b"x" * 40 + b"\r\n\r\nok"


class SlowReceiver:
    """Reads the request, then sends its answer in the given pieces, `pause` seconds before each."""

    def __init__(self, pieces: list[bytes], pause: float):
        self.pieces, self.pause = pieces, pause
        self.requests = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}/hooks"

    def _serve(self) -> None:
        self.server.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            self.requests += 1
            with conn:
                conn.recv(65536)
                try:
                    for piece in self.pieces:
                        if self.stopped.wait(self.pause):
                            return
                        conn.sendall(piece)
                except OSError:
                    pass  # the sender hung up

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(5)
        self.server.close()


@pytest.fixture
def slow_receivers():
    started = []

    def _start(pieces, pause):
        started.append(SlowReceiver(pieces, pause))
        return started[-1]

    yield _start
    for receiver in started:
        receiver.stop()


def test_a_receiver_trickling_its_answer_fails_the_attempt_at_the_ten_second_deadline(
    owner_company, subscribe, slow_receivers
):
    # 93 bytes, one every 1.5 s: over two minutes in all, though no single read waits more than 1.5 s.
    trickling = slow_receivers([bytes([byte]) for byte in ANSWER], pause=1.5)
    assert webhooks.DELIVERY_TIMEOUT == 10.0 and webhooks.LEASE.total_seconds() >= 6 * webhooks.DELIVERY_TIMEOUT
    subscribe(trickling.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    started = time.monotonic()
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)
    elapsed = time.monotonic() - started

    assert trickling.requests == 1
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("PENDING", 1, None)
    assert delivery.last_error == "No answer within 10 seconds."
    stored = event.deliveries.get()
    assert (stored.status, stored.attempts, stored.last_error) == ("PENDING", 1, "No answer within 10 seconds.")
    assert elapsed < 30  # a sanity bound only: per-read timeouts would have taken over two minutes here


def test_an_answer_closing_the_connection_is_read_whole_when_its_body_comes_after_its_headers(
    owner_company, subscribe, slow_receivers
):
    head = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n"
    receiver = slow_receivers([head, b"ok"], pause=0.3)
    subscribe(receiver.url)
    event = webhook_event_record(company_id=owner_company.pk, type="offer.hidden", data={})
    delivery = webhook_deliver(delivery_id=event.deliveries.get().pk)
    assert (delivery.status, delivery.last_status_code, delivery.last_error) == ("SUCCEEDED", 200, "")
