"""Pressure: the xmin horizon held back during the job and message load.

One transaction (REPEATABLE READ, a snapshot taken, then idle) holds the xmin
horizon for the whole phase, so no dead row version of the load can be
removed: not by VACUUM, not by HOT pruning, not by index tuple killing.  The
same load runs with and without it, for our API (claim_next_job +
update_job_result, send_message) and for a plain SKIP LOCKED queue (the floor
scripts: a bare claim + update on a narrow table, the message and activity
rows by hand), and the rates and the dead row versions left behind are
compared.  Each phase starts from a vacuumed state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg

from . import measure
from .report import Result

HOT_TABLES = {
    "ours": ["claude.scheduled_jobs", "claude.job_run_history", "claude.messages", "claude.activity_feed"],
    "plain": ["bench.floor_jobs", "bench.floor_messages", "bench.floor_activity"],
}
SCRIPTS = {"ours": ("jobs_api.sql", "send_message_api.sql"),
           "plain": ("jobs_floor.sql", "send_message_floor.sql")}
CLIENTS = 2  # per script


def _dead(conn: psycopg.Connection, tables: list[str]) -> int:
    time.sleep(1.0)  # the statistics collector lags a little
    conn.execute("SELECT pg_stat_clear_snapshot()")
    row = conn.execute("SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables"
                       " WHERE (schemaname || '.' || relname) = ANY(%s)", (tables,)).fetchone()
    return int(row[0]) if row else 0


def _phase(dsn: str, kind: str, held: bool, seconds: int, nid: int,
           reset: Callable[[psycopg.Connection], None]) -> dict[str, Any]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        reset(conn)
        conn.execute(f"VACUUM ANALYZE {', '.join(HOT_TABLES[kind])}")
        dead_before = _dead(conn, HOT_TABLES[kind])
        holder = psycopg.connect(dsn)
        try:
            if held:
                holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                holder.execute("SELECT count(*) FROM claude.projects")  # the snapshot holds the horizon
            runs: dict[str, measure.PgbenchRun] = {}

            def run(script: str) -> None:
                runs[script] = measure.pgbench(dsn, script, clients=CLIENTS, seconds=seconds,
                                               defines={"nid": nid, "per_client": 50})

            threads = [threading.Thread(target=run, args=(s,)) for s in SCRIPTS[kind]]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            dead_after = _dead(conn, HOT_TABLES[kind])
        finally:
            holder.rollback()
            holder.close()
    jobs_script, msg_script = SCRIPTS[kind]
    return {"jobs_tps": runs[jobs_script].tps, "messages_tps": runs[msg_script].tps,
            "dead": dead_after - dead_before}


def bench_pressure(dsn: str, seconds: int, nid: int, reset_floor: Callable[[psycopg.Connection], None],
                   log: Callable[[str], None]) -> list[Result]:
    def nothing(_conn: psycopg.Connection) -> None:
        pass

    out: dict[tuple[str, bool], dict[str, Any]] = {}
    for kind in ("ours", "plain"):
        for held in (False, True):
            reset = reset_floor if kind == "plain" else nothing
            out[kind, held] = _phase(dsn, kind, held, seconds, nid, reset)
            log(f"pressure {kind} {'held' if held else 'free'}: {out[kind, held]}")

    def keep(kind: str, what: str) -> float:
        return out[kind, True][what] / out[kind, False][what]

    results: list[Result] = []
    for what, label in (("jobs_tps", "claim+complete"), ("messages_tps", "send_message")):
        ours, plain = keep("ours", what), keep("plain", what)
        results.append(Result(
            bench="pressure", figure=f"{label} rate kept with the xmin horizon held {seconds} s",
            value=ours, unit="of itself", against="a plain SKIP LOCKED queue, same test (rate kept)",
            baseline=plain, ratio=ours / plain, target=">= 1 (degrades less than the plain queue)",
            passed=ours >= plain,
            detail={k[0] + ("_held" if k[1] else "_free"): v for k, v in out.items()},
            note=(f"{CLIENTS} pgbench clients of claims and {CLIENTS} of sends at once for {seconds} s, with "
                  "and without one REPEATABLE READ transaction holding the xmin horizon; ours: "
                  f"{out['ours', False][what]:.0f}/s free, {out['ours', True][what]:.0f}/s held; "
                  "plain queue: "
                  f"{out['plain', False][what]:.0f}/s free, {out['plain', True][what]:.0f}/s held."
                  if what == "jobs_tps" else
                  f"ours: {out['ours', False][what]:.0f}/s free, {out['ours', True][what]:.0f}/s held; "
                  f"plain: {out['plain', False][what]:.0f}/s free, {out['plain', True][what]:.0f}/s held.")))
    growth = {k: out[k, True]["dead"] / max(1, out[k, False]["dead"]) for k in ("ours", "plain")}
    for kind in ("ours", "plain"):
        free, held = out[kind, False]["dead"], out[kind, True]["dead"]
        results.append(Result(
            target="ours grows less than the plain queue's" if kind == "ours" else "",
            passed=growth["ours"] <= growth["plain"] if kind == "ours" else None,
            bench="pressure", figure=f"dead row versions left by the load, {kind}"
                                     f" ({', '.join(HOT_TABLES[kind])})",
            value=held, unit="rows", against="the same load without the held transaction",
            baseline=free, ratio=(held / free) if free else None,
            note=("n_dead_tup of the hot tables after the phase minus before it (each phase starts "
                  "vacuumed); autovacuum and HOT pruning remove what they can while no transaction "
                  "holds the horizon.")))
    return results
