"""The bench's floor views (bench/urls.py) are served only by bin/bench's gunicorn, never by the production URLconf."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver

ROOT = Path(__file__).resolve().parents[1]
FLOOR_PATHS = [
    "/__floor/partner/jobs",
    "/__floor/partner/jobs/6f1d2c3e-4b5a-4c6d-8e7f-901234567890",
    "/__floor/partner/locations/search",
    "/__floor/offers",
    "/__floor/board",
    "/__floor/healthz",
]


def _views(resolver) -> list:
    views = []
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            views += _views(pattern)
        else:
            views.append(pattern.callback)
    return views


def test_production_settings_use_the_production_urlconf():
    assert settings.ROOT_URLCONF == "jobboard.urls"


def test_no_production_url_serves_a_bench_view():
    modules = {getattr(view, "__module__", "") for view in _views(get_resolver("jobboard.urls"))}
    assert sorted(module for module in modules if module.split(".")[0] == "bench") == []


@pytest.mark.parametrize("path", FLOOR_PATHS)
def test_a_floor_path_is_a_404_on_the_production_site(client, path):
    assert client.get(path).status_code == 404


def test_no_app_imports_the_bench():
    importers = []
    for app in ("companies", "jobs", "offers", "jobboard"):
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                if any(name.split(".")[0] == "bench" for name in names):
                    importers.append(str(path.relative_to(ROOT)))
    assert importers == []


@pytest.mark.parametrize("path", FLOOR_PATHS)
def test_the_bench_urlconf_does_serve_the_floor(path):
    # The check above would pass vacuously if the floor had moved: the bench's own URLconf must resolve it.
    match = get_resolver("bench.urls").resolve(path)
    assert match.func.__module__ == "bench.floor"
