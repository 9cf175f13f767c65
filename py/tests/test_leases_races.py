"""Races for leases: 8 agents, real connections, 200 contested globs.

Each of 8 clients (its own identity, session and connection) asks for its own
variant of each of 200 globs, in its own random order, one acquire_lease call
per glob.  The 8 variants of a glob all overlap (they all match
src/mK/a.py); different globs never do.  Every exclusive claim must be decided
exactly once: one client wins each glob, the 7 others get 55000, nothing else
happens (no deadlock, no serialization failure, no internal error), and the
table ends up with no two overlapping live leases of different identities.
The figures are printed (not asserted): run with -s to see them.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
from conftest import race as conftest_race

CLIENTS = 8
GLOBS = 200
ACQUIRE = "SELECT lease_id FROM claude.acquire_lease(session_id => %s, paths => %s, exclusive => %s)"


def variants(k: int) -> list[str]:
    """Eight globs that all match src/m{k}/a.py, so every pair overlaps."""
    d = f"src/m{k}"
    return [f"{d}/**", f"{d}/*.py", f"{d}/a.py", f"{d}/?.py", f"{d}/**/a.py", f"{d}/a.*", f"{d}/*",
            f"./{d}//a.py"]


def setup(conn: psycopg.Connection, project: str, unique: Callable[[str], str]) -> list[Any]:
    sessions = []
    for _ in range(CLIENTS):
        identity = conn.execute(
            "SELECT claude.register_identity(identity_name => %s, platform => 'pytest',"
            " role_description => 'racer')",
            (unique("lease-racer"),)).fetchone()[0]  # type: ignore[index]
        sessions.append(conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                                     (identity, project)).fetchone()[0])  # type: ignore[index]
    return sessions


def race(dsn: str, plans: list[list[tuple[int, list[str], bool]]], sessions: list[Any],
         ) -> tuple[dict[tuple[int, int], str], float]:
    """Run each client's plan on its own connection, all starting together; return every
    outcome ('ok' or the SQLSTATE) by (client, glob) and the wall time."""
    outcomes: dict[tuple[int, int], str] = {}
    lock = threading.Lock()

    def client(index: int, go: Callable[[], object]) -> float:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            started = time.perf_counter()
            for k, paths, exclusive in plans[index]:
                try:
                    c.execute(ACQUIRE, (sessions[index], paths, exclusive)).fetchall()
                    outcome = "ok"
                except psycopg.Error as exc:
                    outcome = exc.sqlstate or "?"
                with lock:
                    outcomes[(index, k)] = outcome
        return started

    started = conftest_race(len(plans), client)
    return outcomes, time.perf_counter() - min(started)


OVERLAPPING_PAIRS = """
SELECT count(*) FROM claude.live_leases a JOIN claude.live_leases b
    ON a.project_name = b.project_name AND a.identity_id < b.identity_id AND (a.exclusive OR b.exclusive)
   AND claude._glob_overlap(a.path, b.path)
 WHERE a.project_name = %s
"""


def test_eight_agents_race_for_200_globs_and_each_is_won_once(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("lease-race")
    sessions = setup(conn, project, unique)
    rng = random.Random(20)
    plans = []
    for client in range(CLIENTS):
        plan = [(k, [variants(k)[client]], True) for k in range(GLOBS)]
        rng.shuffle(plan)
        plans.append(plan)

    outcomes, elapsed = race(dsn, plans, sessions)

    assert len(outcomes) == CLIENTS * GLOBS
    assert set(outcomes.values()) <= {"ok", "55000"}, Counter(outcomes.values())
    winners = Counter(k for (client, k), outcome in outcomes.items() if outcome == "ok")
    assert sorted(winners) == list(range(GLOBS)), "every glob has a winner"
    assert set(winners.values()) == {1}, "and exactly one"
    live = conn.execute("SELECT count(*), count(DISTINCT identity_id) FROM claude.live_leases"
                        " WHERE project_name = %s", (project,)).fetchone()
    assert live is not None and live[0] == GLOBS
    assert conn.execute(OVERLAPPING_PAIRS, (project,)).fetchone() == (0,)
    acquired = conn.execute(
        "SELECT count(*) FROM claude.activity_feed WHERE project_name = %s"
        " AND activity_type = 'lease_acquired'",
        (project,)).fetchone()
    assert acquired == (GLOBS,), "one lease_acquired per winning claim"
    per_client = Counter(client for (client, _), outcome in outcomes.items() if outcome == "ok")
    print(f"\n[lease race] {CLIENTS} clients x {GLOBS} contested globs = {len(outcomes)} exclusive claims in "
          f"{elapsed:.2f} s ({len(outcomes) / elapsed:.0f} claims/s): {GLOBS} won once each, "
          f"{len(outcomes) - GLOBS} refused with 55000, 0 other outcomes; wins per client "
          f"{sorted(per_client.values())}; live leases {live[0]} held by {live[1]} identities, "
          f"overlapping pairs 0")


def test_mixed_shared_and_exclusive_many_path_claims_never_overlap(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    """Each client claims 10 globs at a time (all or nothing), some shared, some exclusive."""
    project = unique("lease-race-mixed")
    sessions = setup(conn, project, unique)
    rng = random.Random(21)
    plans = []
    for _client in range(CLIENTS):
        ks = list(range(GLOBS))
        rng.shuffle(ks)
        plan = []
        for start in range(0, GLOBS, 10):
            batch = ks[start:start + 10]
            plan.append((start, [variants(k)[rng.randrange(8)] for k in batch], rng.random() < 0.5))
        plans.append(plan)

    outcomes, elapsed = race(dsn, plans, sessions)

    assert set(outcomes.values()) <= {"ok", "55000"}, Counter(outcomes.values())
    assert conn.execute(OVERLAPPING_PAIRS, (project,)).fetchone() == (0,)
    won = sum(1 for o in outcomes.values() if o == "ok")
    rows = conn.execute("SELECT count(*) FROM claude.live_leases WHERE project_name = %s",
                        (project,)).fetchone()
    assert rows is not None
    # all or nothing: every winning call holds all of its (distinct) paths
    held = sum(len(set(paths)) for client, plan in enumerate(plans) for start, paths, _ in plan
               if outcomes[(client, start)] == "ok")
    assert rows[0] == held
    print(f"\n[lease race, mixed] {CLIENTS} clients x {GLOBS // 10} calls of 10 globs (shared or exclusive): "
          f"{won} calls won, {len(outcomes) - won} refused with 55000 in {elapsed:.2f} s; "
          f"{rows[0]} live leases, overlapping exclusive pairs 0")


def test_under_repeatable_read_a_racing_claim_is_refused_or_retried_never_granted(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    """A stale snapshot cannot decide a conflict: the project lock makes the later claim
    fail with 40001 (retry) when it cannot see the earlier one."""
    project = unique("lease-race-rr")
    sessions = setup(conn, project, unique)
    def client(index: int, go: Callable[[], object]) -> str:
        with psycopg.connect(dsn) as c:
            c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            c.execute("SELECT count(*) FROM claude.live_leases")  # the snapshot is taken here
            go()
            try:
                c.execute(ACQUIRE, (sessions[index], [variants(0)[index]], True)).fetchall()
                c.commit()
                return "ok"
            except psycopg.Error as exc:
                c.rollback()
                return exc.sqlstate or "?"

    counts = Counter(conftest_race(CLIENTS, client))
    assert counts["ok"] == 1, counts
    assert set(counts) <= {"ok", "55000", "40001"}, counts
    assert conn.execute("SELECT count(*) FROM claude.live_leases WHERE project_name = %s",
                        (project,)).fetchone() == (1,)
