"""Two pictures for RESULTS.md, as plain SVG (no plotting library needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]


def line_chart(path: Path, title: str, xlabel: str, ylabel: str,
               series: dict[str, list[tuple[float, float]]], *, log_x: bool = False) -> None:
    """A line chart with axes, ticks, a legend and one polyline (with dots) per series."""
    import math

    w, h, left, right, top, bottom = 780, 400, 70, 260, 40, 50
    xs = [x for pts in series.values() for x, _ in pts] or [0.0, 1.0]
    ys = [y for pts in series.values() for _, y in pts] or [0.0, 1.0]

    def fx(x: float) -> float:
        lo, hi = (math.log2(min(xs)), math.log2(max(xs))) if log_x else (min(xs), max(xs))
        v = math.log2(x) if log_x else x
        return left + (v - lo) / ((hi - lo) or 1) * (w - left - right)

    ymax = max(ys) * 1.1 or 1.0

    def fy(y: float) -> float:
        return h - bottom - y / ymax * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" '
           'font-size="12">', f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="20" text-anchor="middle" font-size="14">{title}</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>',
           f'<text x="{(left + w - right) / 2}" y="{h - 12}" text-anchor="middle">{xlabel}</text>',
           f'<text x="16" y="{(top + h - bottom) / 2}" text-anchor="middle" '
           f'transform="rotate(-90 16 {(top + h - bottom) / 2})">{ylabel}</text>']
    for i in range(6):
        y = ymax * i / 5
        out.append(f'<line x1="{left - 4}" y1="{fy(y):.1f}" x2="{w - right}" y2="{fy(y):.1f}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{fy(y) + 4:.1f}" text-anchor="end">{y:,.0f}</text>'
                   if ymax >= 10 else
                   f'<text x="{left - 6}" y="{fy(y) + 4:.1f}" text-anchor="end">{y:.2f}</text>')
    ticks = (sorted(set(xs)) if len(set(xs)) <= 12
             else [min(xs) + (max(xs) - min(xs)) * i / 6 for i in range(7)])
    for x in ticks:
        out.append(f'<text x="{fx(x):.1f}" y="{h - bottom + 16}" text-anchor="middle">{x:g}</text>')
    for n, (name, pts) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        pts = sorted(pts)
        out.append('<polyline fill="none" stroke-width="2" stroke="' + colour + '" points="'
                   + " ".join(f"{fx(x):.1f},{fy(y):.1f}" for x, y in pts) + '"/>')
        if len(pts) <= 12:
            out += [f'<circle cx="{fx(x):.1f}" cy="{fy(y):.1f}" r="3" fill="{colour}"/>' for x, y in pts]
        ly = top + 10 + n * 18
        out.append(f'<line x1="{w - right + 10}" y1="{ly}" x2="{w - right + 30}" y2="{ly}" stroke="{colour}" '
                   'stroke-width="2"/>')
        out.append(f'<text x="{w - right + 35}" y="{ly + 4}">{name}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n")


def draw(results: list[Any], out: Path) -> list[str]:
    """The throughput-vs-runners and soak-latency pictures from a run's results; their file names."""
    made: list[str] = []
    jobs = [r for r in results if r.bench == "jobs" and not r.skipped and r.detail]
    if jobs:
        series: dict[str, list[tuple[float, float]]] = {"claude-gateway (claim_next_job)": [],
                                                        "Procrastinate": [], "floor (bare SKIP LOCKED)": []}
        for r in jobs:
            runners = float(r.figure.split(",")[1].split()[0])
            d = r.detail
            med = sorted(d["api"])[len(d["api"]) // 2]
            series["claude-gateway (claim_next_job)"].append((runners, med))
            procrastinate = sorted(d["procrastinate"])[len(d["procrastinate"]) // 2]
            series["Procrastinate"].append((runners, procrastinate))
            series["floor (bare SKIP LOCKED)"].append((runners, sorted(d["floor"])[len(d["floor"]) // 2]))
            if d.get("floor_records"):
                series.setdefault("floor + the run's records", []).append(
                    (runners, sorted(d["floor_records"])[len(d["floor_records"]) // 2]))
        line_chart(out / "jobs_throughput.svg", "claim + complete throughput against runners", "runners",
                   "jobs/s", series, log_x=True)
        made.append("jobs_throughput.svg")
    soak = [r for r in results if r.bench == "soak" and r.detail.get("over_time")]
    if soak:
        pts = soak[0].detail["over_time"]
        line_chart(out / "soak_latency.svg", "soak: latency of every call over time", "seconds", "ms",
                   {"p50": [(t, p50) for t, p50, _, _ in pts], "p99": [(t, p99) for t, _, p99, _ in pts]})
        line_chart(out / "soak_rate.svg", "soak: calls per second over time", "seconds", "calls/s",
                   {"calls/s": [(t, rate) for t, _, _, rate in pts]})
        made += ["soak_latency.svg", "soak_rate.svg"]
    return made
