"""On the embedded default (SQLite) a lone surrogate is refused on every write path, as on PostgreSQL, and a string
stored before the rule existed never turns a page or an API list into a 500.

SQLite takes "\\udc00" inside a JSON column (it is stored escaped), which is how such an offer once broke every
list containing it. Runs a real server on a temporary SQLite file, as a deployment on the default would.
"""

import http.cookiejar
import json
import urllib.error
import urllib.request

import pytest

from tests.helpers import GOD_TOKEN, PASSWORD, offer_body
from tests.jobboard.test_sqlite_concurrency import manage, sqlite_env
from tests.lifecycle.conftest import runserver

BAD = "\udc00"
STAFF_EMAIL = "staff@sqlite.example"


class Served:
    def __init__(self, base: str, env: dict, company_id: str, key: str):
        self.base, self.env, self.company_id, self.key = base, env, company_id, key
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode()  # json.dumps sends "\udc00" as its escape
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def shell(self, code: str) -> str:
        return manage(self.env, "shell", "-c", code)


@pytest.fixture
def served(tmp_path):
    env = {**sqlite_env(tmp_path / "db.sqlite3"), "GOD_TOKEN": GOD_TOKEN}
    manage(env, "migrate", "--noinput", "-v0")
    company_id = manage(env, "create_company", "Surrogate Co", "--accept-terms", "--payment-method")
    key = manage(env, "issue_partner_key", company_id)
    manage(env, "create_company_user", STAFF_EMAIL, "--company", company_id, "--password", PASSWORD)
    with runserver(env, "sqlite-surrogates-runserver.log") as base:
        yield Served(base, env, company_id, key)


def offer_count(served: Served) -> str:
    return served.shell("from offers.models import Offer; print(Offer.objects.count())")


def test_every_write_path_refuses_a_lone_surrogate_on_sqlite(served):
    for field in ("title", "contacts", "requirements"):
        value = [BAD] if field != "title" else BAD
        body = {**offer_body(**{field: value}), "owner": served.company_id, "god_token": GOD_TOKEN}
        status, content = served.call("POST", "/api/offers/new", body)
        assert status == 422, content
        assert json.loads(content)["errors"][0]["param"] == field

    # The dashboard form and the admin reach the same service, which refuses on its own.
    refused = served.shell(
        "from django.utils import timezone\n"
        "from offers.actors import GOD\n"
        "from offers.api.messages import ApiError as OfferError\n"
        "from offers.api.writes import offer_create\n"
        "from tests.helpers import offer_body\n"
        "try:\n"
        f"    offer_create(actor=GOD, body=offer_body(contacts=['\\udc00'], owner={served.company_id}),"
        " now=timezone.now())\n"
        "except OfferError as error:\n"
        "    print(error.errors[0].param, error.errors[0].msg)\n"
    )
    assert refused == "contacts must-be-string"
    assert offer_count(served) == "0"

    status, content = served.call(
        "POST", "/api/external/v1/jobs", {"title": f"Job {BAD}"}, {"Authorization": f"Bearer {served.key}"}
    )
    assert status == 422 and "title" in json.loads(content)["error"]["fields"]


def test_an_offer_stored_with_a_lone_surrogate_before_the_rule_breaks_no_page_or_list(served):
    status, content = served.call(
        "POST", "/api/offers/new", {**offer_body(publishDate=...), "owner": served.company_id, "god_token": GOD_TOKEN}
    )
    assert status == 201, content
    offer_id = json.loads(content)["id"]
    # As a row written before the rule: SQLite keeps the surrogate escaped inside the JSON lists.
    served.shell(
        "from offers.models import Offer\n"
        "Offer.objects.update(contacts=['jobs@sqlite.example', '\\udc00'], requirements=['Curiosity \\udc00'])\n"
    )
    slug = served.shell(
        f"from companies.models import Company; print(Company.objects.get(pk={served.company_id}).slug)"
    )
    assert served.call("POST", "/api/auth/login", {"email": STAFF_EMAIL, "password": PASSWORD})[0] == 200

    pages = [
        "/",
        f"/offers/{offer_id}",
        f"/companies/{slug}",
        "/feeds/rss/",
        "/dashboard/offers/",
        f"/dashboard/offers/{offer_id}/",
        f"/dashboard/offers/{offer_id}/edit/",
        "/api/offers",
        f"/api/offers/{offer_id}",
        f"/api/offers/company/{served.company_id}",
    ]
    statuses = {page: served.call("GET", page)[0] for page in pages}

    assert statuses == dict.fromkeys(pages, 200)
    listed = json.loads(served.call("GET", "/api/offers")[1])["results"]
    assert [offer["id"] for offer in listed] == [offer_id]
    assert listed[0]["contacts"] == ["jobs@sqlite.example", BAD]
