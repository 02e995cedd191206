"""With DEBUG off the app is deployable as docs/operations.md says: HTTPS settings on, a long SECRET_KEY required, and
Django's deploy check clean. Each runs in a fresh process, because settings are read once at start-up."""

import json
import os
import secrets
import subprocess
import sys

from tests.lifecycle.conftest import ROOT

# What bin/with-services, the test run (or an operator) may have set; docs/operations.md's production settings set
# none.
OVERRIDES = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    # Set by the browser tests' conftest for Playwright; never part of a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(tmp_path, **extra) -> dict:
    """The production settings of docs/operations.md: DEBUG off, a random 50+ character key, one allowed host."""
    env = {k: v for k, v in os.environ.items() if k not in OVERRIDES}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="jobs.example.com",
        # A file of its own, never touched by these checks, so nothing here can reach the test run's database.
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        DJANGO_SETTINGS_MODULE="jobboard.settings",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_no_warnings_under_the_readme_production_settings(tmp_path):
    done = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr


def test_a_secret_key_under_fifty_characters_is_refused_with_debug_off(tmp_path):
    done = manage(production_env(tmp_path, SECRET_KEY="k" * 49), "check")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "at least 50 characters" in done.stderr


def test_a_short_secret_key_is_fine_for_local_development(tmp_path):
    assert manage(production_env(tmp_path, SECRET_KEY="short", DEBUG="1"), "check").returncode == 0


PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST="jobs.example.com")
plain = client.get("/robots.txt")
proxied = client.get("/dashboard/login/", HTTP_X_FORWARDED_PROTO="https")
csrf = proxied.cookies.get("csrftoken")
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "proxied_status": proxied.status_code,
    "hsts": proxied.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(csrf and csrf["secure"]),
}))
"""


def test_with_debug_off_http_is_redirected_and_https_answers_carry_hsts_and_secure_cookies(tmp_path):
    done = manage(production_env(tmp_path), "shell", "-c", PROBE)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["plain_status"] == 301 and seen["plain_location"] == "https://jobs.example.com/robots.txt"
    assert seen["proxied_status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains"
    assert seen["csrf_cookie_secure"] is True


def test_each_https_setting_can_be_turned_off_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_PROXY_SSL_HEADER="0",
    )
    probe = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER]))"
    )
    done = manage(env, "shell", "-c", probe)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, False, False, 0, None]


def test_production_keeps_database_connections_and_development_opens_one_per_request(tmp_path):
    probe = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    assert manage(production_env(tmp_path), "shell", "-c", probe).stdout.split()[-1] == "60"
    assert manage(production_env(tmp_path, DEBUG="1"), "shell", "-c", probe).stdout.split()[-1] == "0"
