"""`claude-gateway demo` end to end on a fresh scratch database, twice."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import psycopg

from claude_gateway.migrate import migrate


def test_demo_runs_end_to_end_and_again(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    migrate(dsn)
    env = {**os.environ, "DATABASE_URL": dsn}
    outputs = []
    for _ in range(2):
        res = subprocess.run([sys.executable, "-m", "claude_gateway.cli", "demo"], capture_output=True,
                             text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
        assert res.returncode == 0, res.stdout + res.stderr
        outputs.append(res.stdout)
    out = outputs[0]
    for needle in ("Two agents register", "direct message", "broadcast", "acknowledged both",
                   ": SUCCESS, output: hello from the demo job", "succeeded [sql_query]: done",
                   "found: Run the gateway demo after migrating", "startup bundle", "Pending messages (1",
                   "Write the release notes [manual]"):
        assert needle in out, needle
    with psycopg.connect(dsn) as c:
        def one(sql: str) -> object:
            row = c.execute(sql).fetchone()
            assert row is not None
            return row[0]

        assert one("SELECT count(*) FROM claude.identities WHERE identity_name LIKE 'demo-%'") == 4
        assert one("SELECT count(*) FROM claude.sessions WHERE session_end IS NULL") == 0
        assert one("SELECT count(*) FROM claude.scheduled_jobs WHERE last_status = 'SUCCESS'") == 2
        assert one("SELECT count(*) FROM claude.reminders"
                   " WHERE check_type = 'sql_query' AND status = 'done'") == 2
        assert one("SELECT count(*) FROM claude.messages WHERE status = 'acknowledged'") == 4
        assert one("SELECT sum(times_applied) FROM claude.knowledge") == 2
