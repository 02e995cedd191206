"""`seed_demo` does not leave one more demo partner key behind on every run: with the key
file bin/dev passes, it prints the same key while that key still works; without one, it revokes the previous
demo key before issuing a new one. Run as bin/dev runs it: a subprocess on an embedded SQLite database."""

import re
import subprocess
import sys

from tests.jobboard.test_sqlite_concurrency import ROOT, sqlite_env

KEY = re.compile(r"curl -H 'Authorization: Bearer (sk_ext_\S+)' (\S+)")

ACTIVE_DEMO_KEYS = (
    "from companies.models import PartnerKey; "
    "print(PartnerKey.objects.active().filter(company__name='Acme Robotics', label='demo').count())"
)


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def printed_key(output: str) -> tuple[str, str]:
    return KEY.search(output).groups()


def test_the_kept_demo_key_is_reused_and_a_lost_one_is_revoked_before_a_new_one(tmp_path):
    env = sqlite_env(tmp_path / "db.sqlite3")
    key_file = tmp_path / "demo-key"
    manage(env, "migrate", "--noinput", "-v0")

    first = manage(env, "seed_demo", "--key-file", str(key_file), "--base-url", "http://127.0.0.1:8001")
    key, url = printed_key(first)
    assert url == "http://127.0.0.1:8001/api/external/v1/jobs"
    assert "Staff login:  staff@acme.example / demo-password-123  at http://127.0.0.1:8001/dashboard/" in first
    assert key_file.read_text().strip() == key
    assert key_file.stat().st_mode & 0o077 == 0

    again = manage(env, "seed_demo", "--key-file", str(key_file))
    assert printed_key(again)[0] == key
    assert "the same key as last time" in again
    assert manage(env, "shell", "-v0", "-c", ACTIVE_DEMO_KEYS).strip() == "1"

    # Without the file (the key was lost): the previous demo key is revoked, so one demo key stays active.
    lost = manage(env, "seed_demo")
    new_key = printed_key(lost)[0]
    assert new_key != key
    assert "the previous demo key was revoked" in lost
    assert manage(env, "shell", "-v0", "-c", ACTIVE_DEMO_KEYS).strip() == "1"
    still_works = f"from companies.services import partner_key_matching; print(partner_key_matching(raw_key={key!r}))"
    assert manage(env, "shell", "-v0", "-c", still_works).strip() == "None"
