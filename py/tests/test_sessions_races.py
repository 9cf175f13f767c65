"""Races on identities and sessions: real connections, lined up by conftest.race_sql."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
from conftest import race_sql

RACERS = 12
REGISTER = (
    "SELECT claude.register_identity(identity_name => %(n)s, platform => 'pytest',"
    " role_description => 'racer')"
)
START = "SELECT claude.start_session(identity_id => %(i)s, project_name => %(p)s)"
ARCHIVE = "SELECT claude.archive_identity(identity_id => %(i)s)"

def register(conn: psycopg.Connection, name: str) -> Any:
    row = conn.execute(REGISTER, {"n": name}).fetchone()
    assert row is not None
    return row[0]


def test_one_of_twelve_concurrent_start_session_wins(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    identity_id = register(conn, unique("race"))
    params = {"i": identity_id, "p": unique("race-project")}
    outcomes = race_sql(dsn, [(START, params)] * RACERS)
    assert Counter(outcomes) == {"ok": 1, "55000": RACERS - 1}
    active = conn.execute(
        "SELECT count(*) FROM claude.active_sessions WHERE identity_id = %s", (identity_id,)
    ).fetchone()
    assert active == (1,)
    started = conn.execute(
        "SELECT count(*) FROM claude.activity_feed WHERE activity_type = 'session_started'"
        " AND source_id IN (SELECT session_id FROM claude.sessions WHERE identity_id = %s)",
        (identity_id,),
    ).fetchone()
    assert started == (1,)


def test_concurrent_direct_inserts_hit_the_unique_index_without_deadlock(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    identity_id = register(conn, unique("race-direct"))
    project = unique("race-project")
    conn.execute("INSERT INTO claude.projects (project_name) VALUES (%s)", (project,))
    insert = "INSERT INTO claude.sessions (identity_id, project_name) VALUES (%(i)s, %(p)s)"
    outcomes = race_sql(dsn, [(insert, {"i": identity_id, "p": project})] * RACERS)
    assert Counter(outcomes) == {"ok": 1, "23505": RACERS - 1}


def test_one_of_twelve_concurrent_register_identity_wins(
    dsn: str, unique: Callable[[str], str]
) -> None:
    outcomes = race_sql(dsn, [(REGISTER, {"n": unique("race-name")})] * RACERS)
    assert Counter(outcomes) == {"ok": 1, "23505": RACERS - 1}


def test_archive_racing_start_session_never_leaves_an_archived_identity_in_a_session(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    for _ in range(5):
        identity_id = register(conn, unique("race-archive"))
        start = (START, {"i": identity_id, "p": unique("race-project")})
        outcomes = race_sql(dsn, [(ARCHIVE, {"i": identity_id}), start])
        # Exactly one wins; the loser sees the winner's committed state (55000).
        assert sorted(outcomes) == ["55000", "ok"]
        row = conn.execute(
            "SELECT status, active_session_id IS NOT NULL"
            " FROM claude.identities_overview WHERE identity_id = %s",
            (identity_id,),
        ).fetchone()
        assert row in {("archived", False), ("active", True)}
