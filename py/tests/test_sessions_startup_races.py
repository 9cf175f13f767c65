"""claude.session_startup under concurrency: startups of one identity queue on
its row lock, each supersedes the previous one, exactly one session survives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from conftest import race

RACERS = 6


def test_six_concurrent_startups_of_one_identity_all_succeed_one_session_stays(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    row = conn.execute(
        "SELECT claude.register_identity(identity_name => %s, platform => 'pytest',"
        " role_description => 'racer')", (unique("su-race"),)
    ).fetchone()
    assert row is not None
    identity_id = row[0]
    project = unique("su-race-project")
    def worker(index: int, go: Callable[[], object]) -> Any:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            try:
                got = c.execute(
                    "SELECT claude.session_startup(identity_id => %s, project_name => %s)",
                    (identity_id, project),
                ).fetchone()
            except psycopg.Error as exc:
                return exc.sqlstate
            assert got is not None
            return got[0]["session_id"]

    outcomes = race(RACERS, worker)

    assert all(isinstance(o, str) and len(o) == 36 for o in outcomes), outcomes
    assert len(set(outcomes)) == RACERS, "each startup started its own session"
    sessions = conn.execute(
        "SELECT session_id::text, session_end IS NULL, session_summary FROM claude.sessions"
        " WHERE identity_id = %s", (identity_id,)
    ).fetchall()
    assert {s[0] for s in sessions} == set(outcomes)
    active = [s for s in sessions if s[1]]
    assert len(active) == 1, "exactly one active session remains"
    ended = [s for s in sessions if not s[1]]
    assert len(ended) == RACERS - 1
    assert all(s[2].startswith("Ended automatically") for s in ended)
    warnings = conn.execute(
        "SELECT count(*) FROM claude.activity_feed WHERE project_name = %s"
        " AND activity_type = 'session_auto_ended' AND severity = 'warning'", (project,)
    ).fetchone()
    assert warnings is not None and warnings[0] == RACERS - 1
