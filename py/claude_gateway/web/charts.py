"""Charts drawn on the server as SVG (no JavaScript, no library): every label is
escaped, since project names and statuses come from agents."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from markupsafe import Markup

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
STATUS_COLOURS = {
    "SUCCESS": "#59a14f",
    "FAILED": "#e15759",
    "TIMEOUT": "#f28e2b",
    "SKIPPED": "#bab0ac",
    "RUNNING": "#4e79a7",
}


def _stacked(
    buckets: list[datetime],
    series: dict[str, dict[datetime, int]],
    colours: dict[str, str],
    title: str,
    label: str,
) -> Markup:
    width, height, left, bottom, top = 720, 220, 40, 30, 30
    plot_w, plot_h = width - left - 10, height - bottom - top
    totals = [sum(s.get(b, 0) for s in series.values()) for b in buckets]
    peak = max(totals + [1])
    bar_w = plot_w / max(len(buckets), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}"'
        f' aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
        f'<text x="4" y="{top + 10}" class="axis">{peak}</text>',
        f'<text x="4" y="{top + plot_h}" class="axis">0</text>',
    ]
    for i, bucket in enumerate(buckets):
        y: float = top + plot_h
        for name, points in series.items():
            n = points.get(bucket, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(
                f'<rect x="{left + i * bar_w + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}"'
                f' height="{h:.1f}" fill="{colours[name]}"><title>{escape(name)}: {n}'
                f" ({escape(bucket.strftime(label))})</title></rect>"
            )
        if i % max(len(buckets) // 6, 1) == 0:
            parts.append(
                f'<text x="{left + i * bar_w:.1f}" y="{height - 10}" class="axis">'
                f"{escape(bucket.strftime(label))}</text>"
            )
    legend_x = left
    for name, colour in colours.items():
        if name not in series:
            continue
        parts.append(
            f'<rect x="{legend_x}" y="20" width="10" height="10" fill="{colour}"/>'
            f'<text x="{legend_x + 14}" y="29" class="legend">{escape(name[:24])}</text>'
        )
        legend_x += 20 + 7 * min(len(name), 24)
    parts.append("</svg>")
    return Markup("".join(parts))


def activity_per_project(rows: list[dict[str, Any]], now: datetime | None = None) -> Markup:
    """Activity rows per project and hour, the last 24 hours, stacked."""
    now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    buckets = [now - timedelta(hours=h) for h in range(23, -1, -1)]
    series: dict[str, dict[datetime, int]] = defaultdict(dict)
    for r in rows:
        series[str(r["project"])][r["bucket"].astimezone(UTC)] = r["n"]
    names = sorted(series, key=lambda n: -sum(series[n].values()))
    colours = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}
    return _stacked(buckets, dict(series), colours, "Activity per project, last 24 hours (UTC)", "%H:00")


def job_outcomes(rows: list[dict[str, Any]], now: datetime | None = None) -> Markup:
    """Job runs per day and outcome, the last 14 days, stacked."""
    today = (now or datetime.now(UTC)).replace(hour=0, minute=0, second=0, microsecond=0)
    buckets = [today - timedelta(days=d) for d in range(13, -1, -1)]
    series: dict[str, dict[datetime, int]] = defaultdict(dict)
    for r in rows:
        series[str(r["status"])][r["bucket"].astimezone(UTC)] = r["n"]
    colours = {s: STATUS_COLOURS.get(s, "#888888") for s in sorted(series)}
    return _stacked(
        buckets, dict(series), colours, "Job runs per day and outcome, last 14 days (UTC)", "%m-%d"
    )
