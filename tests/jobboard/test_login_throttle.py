"""Failed logins are throttled per account and per IP on all three logins (offers API, dashboard, admin),
unknown emails take the password hasher like known ones, and no answer ever shows a submitted password.

The counts live in the shared cache (Redis in this suite) for the whole run, so every test signs in as its own
account from its own address."""

import json
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from companies import login_throttle
from companies.services import company_user_create

pytestmark = pytest.mark.django_db

PASSWORD = "Right-Horse-Battery-41"
WRONG = "Wrong-Staple-Guess-17"
THROTTLED_TEXT = "Too many failed attempts. Try again in 15 minutes."


def unique_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def unknown_email() -> str:
    return f"nobody-{uuid.uuid4().hex[:10]}@unknown.example"


def api_login(client, email, password, ip):
    body = json.dumps({"email": email, "password": password})
    return client.post("/api/auth/login", body, content_type="application/json", REMOTE_ADDR=ip)


def dashboard_login(client, email, password, ip):
    return client.post("/dashboard/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def admin_login(client, email, password, ip):
    return client.post("/admin/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


LOGINS = {"api": api_login, "dashboard": dashboard_login, "admin": admin_login}
SIGNED_IN = {"api": 200, "dashboard": 302, "admin": 302}
REFUSED = {"api": 401, "dashboard": 200, "admin": 200}


@pytest.fixture(params=list(LOGINS))
def which(request):
    return request.param


@pytest.fixture
def log_in(which):
    def attempt(email, password, ip, client=None):
        return LOGINS[which](client or Client(), email, password, ip)

    return attempt


def make_account(company) -> str:
    """A staff member who may use all three logins (the admin's username is the email)."""
    email = f"staff-{uuid.uuid4().hex[:10]}@owner.example"
    user = company_user_create(email=email, password=PASSWORD, company=company)
    get_user_model().objects.filter(pk=user.pk).update(is_staff=True)
    return email


@pytest.fixture
def account(owner_company):
    return make_account(owner_company)


def assert_throttled(which, response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= login_throttle.WINDOW_SECONDS
    if which == "api":
        assert response.json() == {"error_code": 3, "errors": [{"msg": "too-many-login-attempts"}]}
    else:
        assert THROTTLED_TEXT in response.content.decode()


def test_the_right_password_is_refused_once_an_account_has_five_failures_from_any_ips(which, log_in, account):
    for _ in range(login_throttle.ACCOUNT_FAILURES):
        assert log_in(account, WRONG, unique_ip()).status_code == REFUSED[which]
    client = Client()
    response = log_in(account, PASSWORD, unique_ip(), client=client)
    assert_throttled(which, response)
    assert SESSION_KEY not in client.session


def test_an_account_is_throttled_whatever_the_case_of_its_email(log_in, account):
    for _ in range(login_throttle.ACCOUNT_FAILURES):
        log_in(account.upper(), WRONG, unique_ip())
    assert log_in(account, PASSWORD, unique_ip()).status_code == 429


def test_failures_on_the_three_logins_count_together(owner_company):
    account = make_account(owner_company)
    ip = unique_ip()
    for login in (api_login, api_login, dashboard_login, dashboard_login, admin_login):
        assert login(Client(), account, WRONG, ip).status_code in (200, 401)
    for which, login in LOGINS.items():
        assert_throttled(which, login(Client(), account, PASSWORD, unique_ip()))


def test_another_account_on_the_same_ip_is_unaffected(which, log_in, owner_company):
    throttled, other = make_account(owner_company), make_account(owner_company)
    ip = unique_ip()
    for _ in range(login_throttle.ACCOUNT_FAILURES):
        log_in(throttled, WRONG, ip)
    assert log_in(throttled, PASSWORD, ip).status_code == 429
    assert log_in(other, PASSWORD, ip).status_code == SIGNED_IN[which]


def test_an_ip_with_twenty_failures_is_throttled_for_every_account_and_other_ips_are_not(which, log_in, account):
    ip = unique_ip()
    for _ in range(login_throttle.IP_FAILURES):
        assert log_in(unknown_email(), WRONG, ip).status_code == REFUSED[which]
    assert_throttled(which, log_in(account, PASSWORD, ip))
    assert log_in(account, PASSWORD, unique_ip()).status_code == SIGNED_IN[which]


def test_a_successful_login_clears_the_accounts_count(which, log_in, account):
    ip = unique_ip()
    almost = login_throttle.ACCOUNT_FAILURES - 1
    for _ in range(almost):
        log_in(account, WRONG, ip)
    assert log_in(account, PASSWORD, ip).status_code == SIGNED_IN[which]
    for _ in range(almost):
        assert log_in(account, WRONG, ip).status_code == REFUSED[which]
    assert log_in(account, PASSWORD, ip).status_code == SIGNED_IN[which]


def test_the_wait_counts_down_from_the_first_failure(log_in, account, time_machine):
    ip = unique_ip()
    for _ in range(login_throttle.ACCOUNT_FAILURES):
        log_in(account, WRONG, ip)
    time_machine.move_to(timedelta(minutes=11))
    response = log_in(account, PASSWORD, ip)
    assert response.status_code == 429 and int(response["Retry-After"]) <= 4 * 60
    if "json" not in response["Content-Type"]:
        assert "Too many failed attempts. Try again in 4 minutes." in response.content.decode()


def test_the_password_hasher_runs_for_an_unknown_email(log_in, monkeypatch, db):
    hashed = []
    encode = MD5PasswordHasher.encode

    def spy(self, password, salt):
        hashed.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", spy)
    response = log_in(unknown_email(), WRONG, unique_ip())
    assert response.status_code in (200, 401)
    assert hashed == [WRONG]


SECRET = "Zebra-Secret-Passphrase-93"


def api_bodies(email):
    return [
        {"email": email, "password": SECRET},
        {"email": unknown_email(), "password": SECRET},
        {"email": "", "password": SECRET},
        {"email": ["not", "a", "string"], "password": SECRET},
        {"email": email, "password": [SECRET]},
        {"email": email, "password": {"value": SECRET}},
        {"password": SECRET},
    ]


def form_bodies(email):
    return [
        {"username": email, "password": SECRET},
        {"username": unknown_email(), "password": SECRET},
        {"username": "not an email", "password": SECRET},
        {"username": "", "password": SECRET},
        {"username": "x" * 300 + "@example.com", "password": SECRET},
        {"password": SECRET},
    ]


def test_no_login_answer_shows_the_submitted_password(which, account):
    ip = unique_ip()
    client = Client()
    if which == "api":
        responses = [
            client.post("/api/auth/login", json.dumps(body), content_type="application/json", REMOTE_ADDR=ip)
            for body in api_bodies(account)
        ]
    else:
        url = "/dashboard/login/" if which == "dashboard" else "/admin/login/"
        responses = [client.post(url, body, REMOTE_ADDR=ip) for body in form_bodies(account)]
    # By now the account is throttled: that answer must not show it either.
    responses += [LOGINS[which](client, account, SECRET, ip) for _ in range(login_throttle.ACCOUNT_FAILURES)]
    assert responses[-1].status_code == 429
    statuses = {response.status_code for response in responses}
    assert statuses <= {200, 401, 422, 429}
    for response in responses:
        assert SECRET not in response.content.decode()


class BrokenCache:
    """A cache whose server is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache unreachable")

        return fail


def test_logins_keep_working_without_the_throttle_when_the_cache_is_down(which, log_in, account, monkeypatch):
    monkeypatch.setattr(login_throttle, "cache", BrokenCache())
    ip = unique_ip()
    for _ in range(login_throttle.ACCOUNT_FAILURES + 1):
        assert log_in(account, WRONG, ip).status_code == REFUSED[which]
    assert log_in(account, PASSWORD, ip).status_code == SIGNED_IN[which]


@pytest.mark.parametrize("password", ["\udc00", "pass\x00word"], ids=["lone-surrogate", "nul"])
@pytest.mark.parametrize("known", [True, False], ids=["known-email", "unknown-email"])
def test_odd_passwords_are_refused_as_wrong_without_a_server_error(which, account, password, known):
    email, ip = (account if known else unknown_email()), unique_ip()
    if which == "api":  # JSON can carry a lone surrogate ("\\udc00")
        response = api_login(Client(), email, password, ip)
    else:  # a form carries the bytes a browser would send
        raw = password.encode("utf-8", "surrogatepass")
        body = urlencode({"username": email, "password": raw})
        url = "/dashboard/login/" if which == "dashboard" else "/admin/login/"
        response = Client().post(url, body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR=ip)
    assert response.status_code in (REFUSED[which], 422)
