"""Two separate gunicorn servers share one rate-limit budget per key through Redis."""

import urllib.error
import urllib.request

import pytest

from companies.services import company_create, partner_key_issue

from .conftest import BIN, free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)


def status_of(port: int, key: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/external/v1/jobs", headers={"Authorization": f"Bearer {key}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_61st_request_is_refused_whichever_process_serves_it(spawn):
    key = partner_key_issue(company=company_create(name="Shared Budget")).raw
    ports = [free_port(), free_port()]
    for i, port in enumerate(ports):
        proc = spawn(
            [str(BIN / "gunicorn"), "jobboard.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            f"gunicorn-{i}.log",
        )
        wait_for_port(port, proc)
    statuses = [status_of(ports[i % 2], key) for i in range(60)]
    assert statuses == [200] * 60
    assert status_of(ports[0], key) == 429
    assert status_of(ports[1], key) == 429
