"""`bin/dev` serves on the port it is given (`bin/dev 8001` or `PORT=8001 bin/dev`) and refuses a port already in
use before it installs or seeds anything, with a message that says what to do.

bin/dev is copied alone into an empty folder: there is nothing there to install or seed, so a bin/dev that went
past its port check could not touch this checkout's .venv or database."""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lone_dev(tmp_path) -> Path:
    (tmp_path / "bin").mkdir()
    shutil.copy2(ROOT / "bin" / "dev", tmp_path / "bin" / "dev")
    return tmp_path / "bin" / "dev"


@pytest.fixture
def busy_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def run_dev(dev: Path, *args, port_env: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PORT"}
    if port_env is not None:
        env["PORT"] = port_env
    return subprocess.run([str(dev), *args], env=env, capture_output=True, text=True, timeout=120)


def refused_before_seeding(done: subprocess.CompletedProcess, dev: Path, port: int) -> None:
    assert done.returncode == 1, done.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"bin/dev {port + 1}" in done.stderr
    assert done.stdout == ""
    assert not (dev.parent.parent / ".venv").exists()


def test_a_busy_port_given_as_argument_is_refused_before_anything_is_installed(lone_dev, busy_port):
    refused_before_seeding(run_dev(lone_dev, str(busy_port)), lone_dev, busy_port)


def test_a_busy_port_given_as_PORT_is_refused_before_anything_is_installed(lone_dev, busy_port):
    refused_before_seeding(run_dev(lone_dev, port_env=str(busy_port)), lone_dev, busy_port)


def test_what_is_not_a_port_number_is_refused_with_the_usage(lone_dev):
    done = run_dev(lone_dev, "eighty")
    assert done.returncode == 2
    assert "'eighty' is not a port number" in done.stderr and "bin/dev [PORT]" in done.stderr
    assert not (lone_dev.parent.parent / ".venv").exists()
