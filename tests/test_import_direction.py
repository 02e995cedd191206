"""The import direction of design.md: jobboard → jobs, offers → companies → plumbing; jobs and offers never import
each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What each app may not import (migrations included: they are code that runs too).
FORBIDDEN = {
    "plumbing": {"companies", "jobs", "offers", "jobboard"},
    "companies": {"jobs", "offers", "jobboard"},
    "jobs": {"offers", "jobboard"},
    "offers": {"jobs", "jobboard"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_only_what_is_below_it(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & FORBIDDEN[app])
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) & FORBIDDEN[app]
    }
    assert offenders == {}
