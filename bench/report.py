"""bin/bench's report: the table, the targets met or missed, the machine, and the chart of p95 by endpoint."""

import os
import platform
from dataclasses import dataclass
from pathlib import Path

import django
from django.db import connection

from bench import seed


@dataclass
class Measure:
    endpoint: str
    size: str
    app: dict
    floor: dict
    app_queries: int | None
    floor_queries: int | None


def _rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _measured(result: dict) -> bool:
    return result["requests"] > 0


def _ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _latency(result: dict, name: str) -> str:
    return _ms(result[name]) if _measured(result) else "—"


def table(measures: list[Measure]) -> str:
    p95 = {(m.endpoint, m.size): m.app["p95"] for m in measures}
    lines = [
        "| endpoint | size | req/s | p50 ms | p95 ms | p99 ms | queries | floor req/s | floor p95 ms | floor queries "
        "| ratio to floor | p95 large/small |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for m in measures:
        growth = ""
        if m.size == "large" and p95.get((m.endpoint, "small")) and _measured(m.app):
            growth = f"{m.app['p95'] / p95[(m.endpoint, 'small')]:.2f}"
        ratio = m.app["rps"] / m.floor["rps"] if m.floor["rps"] else 0
        errors = m.app["non2xx"] + m.app["socket_errors"]
        lines.append(
            f"| {m.endpoint} | {m.size} | {_rps(m.app['rps'])}{' (' + str(errors) + ' errors)' if errors else ''} "
            f"| {_latency(m.app, 'p50')} | {_latency(m.app, 'p95')} | {_latency(m.app, 'p99')} | {m.app_queries} "
            f"| {_rps(m.floor['rps'])} | {_latency(m.floor, 'p95')} | {m.floor_queries} | {ratio:.2f} | {growth} |"
        )
    return "\n".join(lines)


def targets(measures: list[Measure]) -> list[str]:
    """The issue's targets, each with the figure that meets or misses it."""
    by = {(m.endpoint, m.size): m for m in measures}
    lines = []
    for m in measures:
        if m.size != "large":
            continue
        small = by.get((m.endpoint, "small"))
        if not (_measured(m.app) and small and _measured(small.app)):
            lines.append(f"- {m.endpoint}: p95 large/small NOT MEASURED (no request completed in a run)")
        elif small:
            growth = m.app["p95"] / small.app["p95"]
            lines.append(f"- {m.endpoint}: p95 large/small {growth:.2f} {'ok' if growth <= 1.3 else 'MISSED'} (≤ 1.3)")
    for m in measures:
        if not _measured(m.app):
            lines.append(f"- {m.endpoint} ({m.size}): NOT MEASURED (no request completed in the run)")
            continue
        ratio = m.app["rps"] / m.floor["rps"] if m.floor["rps"] else 0
        verdict = "ok" if ratio >= 0.9 else "MISSED"
        lines.append(f"- {m.endpoint} ({m.size}): {ratio:.2f} of the floor {verdict} (≥ 0.9)")
    absolute = [
        (f"offers search value={seed.COMMON_TERM}", 15),
        ("board / page 1", 20),
        ("partner list ?limit=20", 10),
    ]
    for name, limit in absolute:
        large = by.get((name, "large"))
        if large:
            verdict = "ok" if _measured(large.app) and large.app["p95"] < limit else "MISSED"
            lines.append(f"- {name} p95 at large {_ms(large.app['p95'])} ms {verdict} (< {limit} ms)")
    return lines


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; PostgreSQL {pg.split()[0]}; "
        f"Python {platform.python_version()}; Django {django.get_version()}"
    )


def chart(measures: list[Measure], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(m.endpoint for m in measures))
    by = {(m.endpoint, m.size): m for m in measures}
    series = [
        ("app, small", "small", "app", "#9ecae1"),
        ("app, large", "large", "app", "#08519c"),
        ("floor, small", "small", "floor", "#fdd0a2"),
        ("floor, large", "large", "floor", "#d94801"),
    ]
    height = 0.2
    fig, ax = plt.subplots(figsize=(10, 0.9 * len(names) + 1.5))
    for n, (label, size, side, colour) in enumerate(series):
        values = [getattr(by[(name, size)], side)["p95"] if (name, size) in by else 0 for name in names]
        positions = [i + (n - 1.5) * height for i in range(len(names))]
        bars = ax.barh(positions, values, height=height, label=label, color=colour)
        ax.bar_label(bars, labels=[_ms(v) for v in values], fontsize=7, padding=2)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel("p95 latency (ms), wrk with 4 connections")
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
