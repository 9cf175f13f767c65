"""What-if (diagnostic): claim + complete with and without the claude_activity notification.

`python -m bench.whatif_notify [--reps N]` on the scratch database of a bench
run (cgw_bench_tp, made by `python -m bench`): at 1, 4 and 16 runners,
pgbench runs of jobs_api.sql (claim_next_job + update_job_result) alternate
with the trigger `_900_notify` on claude.activity_feed enabled (as shipped) and
disabled, beside the floor and Procrastinate, and a markdown table is printed.
Every completion writes a job_completed activity row; with the trigger on, its
transaction raises pg_notify('claude_activity'), and PostgreSQL serialises
every notifying commit (including its WAL flush) on one lock.  The trigger is
enabled again at the end.
"""

from __future__ import annotations

import argparse
import statistics

from claude_gateway.localdb import resolve_admin_dsn
from psycopg import conninfo

from . import measure
from .__main__ import JOB_CLIENTS, JOBS_PER_CLIENT, TP_DB, connect, prepare_jobs_run

TOTAL = 1_600


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.whatif_notify")
    parser.add_argument("--reps", type=int, default=2)
    args = parser.parse_args()
    dsn = conninfo.make_conninfo(resolve_admin_dsn(None), dbname=TP_DB)
    rows = []
    try:
        for clients in JOB_CLIENTS:
            per = TOTAL // clients
            tps: dict[str, list[float]] = {"notify on": [], "notify off": [], "floor": [], "procrastinate": []}
            for _ in range(args.reps):
                for kind in tps:
                    with connect(dsn) as c:
                        if kind.startswith("notify"):
                            action = "ENABLE" if kind == "notify on" else "DISABLE"
                            c.execute(f"ALTER TABLE claude.activity_feed {action} TRIGGER _900_notify")
                        opts = prepare_jobs_run(c, "api" if kind.startswith("notify") else kind, TOTAL)
                    script = "jobs_api.sql" if kind.startswith("notify") else f"jobs_{kind}.sql"
                    run = measure.pgbench(dsn, script, clients=clients, transactions=per,
                                          defines={"per_client": JOBS_PER_CLIENT}, options=opts)
                    tps[kind].append(run.tps)
            med = {k: statistics.median(v) for k, v in tps.items()}
            rows.append((clients, med))
    finally:
        with connect(dsn) as c:
            c.execute("ALTER TABLE claude.activity_feed ENABLE TRIGGER _900_notify")
    print("| runners | ours, notification on (jobs/s) | ours, notification off | off / on "
          "| off / Procrastinate | off / floor | Procrastinate | floor |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for clients, m in rows:
        on, off = m["notify on"], m["notify off"]
        print(f"| {clients} | {on:.0f} | {off:.0f} | {off / on:.2f} | {off / m['procrastinate']:.2f} "
              f"| {off / m['floor']:.2f} | {m['procrastinate']:.0f} | {m['floor']:.0f} |")


if __name__ == "__main__":
    main()
