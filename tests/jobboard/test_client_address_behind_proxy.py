"""The per-client limits behind a TLS proxy: with TRUSTED_PROXY_COUNT=1 the login throttle counts each client by
the address the proxy forwarded, so one client's failures lock out that client only; a client-sent
X-Forwarded-For is not believed. Served for real: runserver behind a small proxy that appends the peer address
to X-Forwarded-For as nginx's $proxy_add_x_forwarded_for does, with clients connecting from distinct loopback
addresses."""

import http.client
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from companies import login_throttle
from companies.services import company_create, company_user_create
from tests.lifecycle.conftest import runserver, subprocess_env

PASSWORD = "Right-Horse-Battery-41"
WRONG = "Wrong-Staple-Guess-17"


def forwarding_handler(backend_port: int) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() != "x-forwarded-for"}
            sent = self.headers.get("X-Forwarded-For")
            headers["X-Forwarded-For"] = f"{sent}, {self.client_address[0]}" if sent else self.client_address[0]
            upstream = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=60)
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            content = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            upstream.close()

        def log_message(self, *args):
            pass

    return Forward


@pytest.fixture
def proxied_app(transactional_db):
    env = subprocess_env()
    env["TRUSTED_PROXY_COUNT"] = "1"
    with runserver(env, "proxied-runserver.log") as base:
        backend_port = int(base.rsplit(":", 1)[1])
        proxy = ThreadingHTTPServer(("127.0.0.1", 0), forwarding_handler(backend_port))
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield proxy.server_address[1]
        finally:
            proxy.shutdown()
            proxy.server_close()


def login_through_proxy(port: int, *, source: str, email: str, password: str, forwarded: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    headers = {"Content-Type": "application/json"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    connection.request("POST", "/api/auth/login", json.dumps({"email": email, "password": password}), headers)
    status = connection.getresponse().status
    connection.close()
    return status


def test_one_clients_failed_logins_behind_the_proxy_lock_out_that_client_only(proxied_app, settings):
    # The served process checks passwords with the default hasher, so the account is stored with it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    company = company_create(name="Proxied Co", accept_terms=True, payment_method=True)
    email = f"staff-{uuid.uuid4().hex[:8]}@proxied.example"
    company_user_create(email=email, password=PASSWORD, company=company)
    attacker, colleague = "127.0.0.2", "127.0.0.3"
    for n in range(login_throttle.IP_FAILURES):
        # Each failure names another unknown account, so only the address's counter fills; the attacker also
        # claims to be the colleague, which the proxy's own entry overrides.
        status = login_through_proxy(
            proxied_app, source=attacker, email=f"guess-{n}@nowhere.example", password=WRONG, forwarded=colleague
        )
        assert status == 401

    assert login_through_proxy(proxied_app, source=attacker, email=email, password=PASSWORD) == 429
    assert login_through_proxy(proxied_app, source=colleague, email=email, password=PASSWORD) == 200


@pytest.mark.django_db
def test_without_trusted_proxies_a_client_sent_forwarded_address_is_ignored(owner_company):
    email = f"staff-{uuid.uuid4().hex[:8]}@owner.example"
    company_user_create(email=email, password=PASSWORD, company=owner_company)
    peer = "10.77.0.1"
    for n in range(login_throttle.IP_FAILURES):
        body = json.dumps({"email": f"guess-{n}@nowhere.example", "password": WRONG})
        Client().post(
            "/api/auth/login",
            body,
            content_type="application/json",
            REMOTE_ADDR=peer,
            HTTP_X_FORWARDED_FOR=f"10.88.{n}.1",
        )

    body = json.dumps({"email": email, "password": PASSWORD})
    response = Client().post(
        "/api/auth/login", body, content_type="application/json", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR="10.99.0.1"
    )

    assert response.status_code == 429
