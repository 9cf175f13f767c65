"""Measuring: pgbench runs for throughput, repeated prepared calls for latency."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo

SCRIPTS = Path(__file__).resolve().parent / "pgbench"
# The console script installed with the package, beside the interpreter running the benchmarks.
GATEWAY = str(Path(sys.executable).parent / "claude-gateway")


def pgbench_binary() -> str:
    """pgbench of the server's major version: PG_BINDIR, the local cluster's bindir, else PATH."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / "pgbench")
    try:
        from claude_gateway.localdb import find_bindir

        candidates.append(find_bindir() / "pgbench")
    except Exception:  # noqa: BLE001 - fall back to PATH
        pass
    for c in candidates:
        if c.is_file():
            return str(c)
    found = shutil.which("pgbench")
    if not found:
        raise RuntimeError("pgbench not found: install postgresql-contrib or set PG_BINDIR")
    return found


@dataclass
class PgbenchRun:
    script: str
    clients: int
    tps: float
    latency_ms: float
    transactions: int
    seconds: float
    command: str


def pgbench(dsn: str, script: str, *, clients: int, transactions: int | None = None,
            seconds: int | None = None, defines: dict[str, object] | None = None,
            options: str | None = None) -> PgbenchRun:
    """Run one pgbench custom script (-n -M prepared) and parse its tps."""
    params = conninfo.conninfo_to_dict(dsn)
    argv = [pgbench_binary(), "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, 4))]
    if transactions is not None:
        argv += ["-t", str(transactions)]
    else:
        argv += ["-T", str(seconds or 10)]
    for k, v in (defines or {}).items():
        argv += ["-D", f"{k}={v}"]
    argv += ["-f", str(SCRIPTS / script)]
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if params.get(key):
            argv += [flag, str(params[key])]
    argv.append(str(params.get("dbname", "")))
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    if options:
        env["PGOPTIONS"] = options
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    out = proc.stdout + proc.stderr
    tps = re.search(r"^tps = ([0-9.]+) \(without initial connection time\)", out, re.M)
    lat = re.search(r"^latency average = ([0-9.]+) ms", out, re.M)
    done = re.search(r"^number of transactions actually processed: (\d+)", out, re.M)
    failed = re.search(r"^number of failed transactions: (\d+)", out, re.M)
    if proc.returncode != 0 or not tps or (failed and int(failed.group(1)) > 0):
        raise RuntimeError(f"pgbench {script} failed (exit {proc.returncode}):\n{out[-3000:]}")
    return PgbenchRun(script=script, clients=clients, tps=float(tps.group(1)),
                      latency_ms=float(lat.group(1)) if lat else float("nan"),
                      transactions=int(done.group(1)) if done else 0, seconds=elapsed,
                      command=" ".join(a for a in argv[1:] if not a.startswith("/")))


@dataclass
class Latency:
    calls: int
    p50_ms: float
    p99_ms: float
    mean_ms: float

    def as_dict(self) -> dict[str, float]:
        return {"calls": self.calls, "p50_ms": round(self.p50_ms, 4), "p99_ms": round(self.p99_ms, 4),
                "mean_ms": round(self.mean_ms, 4)}


def percentile(samples: Sequence[float], q: float) -> float:
    s = sorted(samples)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, round(q * (len(s) - 1))))
    return s[k]


def summarize(samples_ns: Sequence[int]) -> Latency:
    ms = [x / 1e6 for x in samples_ns]
    return Latency(calls=len(ms), p50_ms=percentile(ms, 0.50), p99_ms=percentile(ms, 0.99),
                   mean_ms=statistics.fmean(ms))


def time_calls(call: Callable[[Any], object], args: Sequence[Any], *, warmup: int = 50) -> Latency:
    """Time call(arg) for every arg (after `warmup` untimed calls), one at a time."""
    for a in args[:warmup]:
        call(a)
    samples: list[int] = []
    clock = time.perf_counter_ns
    for a in args:
        t = clock()
        call(a)
        samples.append(clock() - t)
    return summarize(samples)


def time_pairs(a: Callable[[Any], object], b: Callable[[Any], object], args: Sequence[Any], *,
               warmup: int = 50) -> tuple[Latency, Latency]:
    """Time a(arg) and b(arg) for every arg, interleaved (a, b, a, b, ...): a noisy
    neighbour then slows both alike, which blocks of calls one after the other do not."""
    for x in args[:warmup]:
        a(x)
        b(x)
    sa: list[int] = []
    sb: list[int] = []
    clock = time.perf_counter_ns
    for i, x in enumerate(args):
        for first, second, s1, s2 in ((a, b, sa, sb), (b, a, sb, sa))[i % 2:i % 2 + 1]:
            t = clock()
            first(x)
            t1 = clock()
            second(x)
            s1.append(t1 - t)
            s2.append(clock() - t1)
    return summarize(sa), summarize(sb)


def sql_latency(conn: psycopg.Connection, sql: str, params: Sequence[Sequence[Any]], *,
                warmup: int = 50) -> Latency:
    """p50/p99 of one prepared statement over the given parameter tuples (fetching every row)."""
    cur = conn.cursor()

    def call(p: Sequence[Any]) -> object:
        cur.execute(sql, p, prepare=True)
        return cur.fetchall()

    return time_calls(call, params, warmup=warmup)
