"""Races on reminders, on real connections: two calls on one due reminder
(conftest.race_sql), the row stays consistent; several sessions processing the same
due reminders at once (conftest.race), each reminder acted on once."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable

import psycopg
import pytest
from conftest import one, race, race_sql


def _due_reminder(conn: psycopg.Connection, max_reminders: int) -> uuid.UUID:
    return one(conn, "SELECT claude.create_reminder(title => 'race', check_after => now() - interval '1 day',"
                     " max_reminders => %s::integer)", (max_reminders,))


def _race(dsn: str, reminder_id: uuid.UUID, calls: list[str]) -> dict[str, str]:
    """Run each SQL call from its own connection at the same moment; name -> 'ok' or SQLSTATE."""
    outcomes = race_sql(dsn, [(f"SELECT claude.{fn}(reminder_id => %s)", (reminder_id,)) for fn in calls])
    return dict(zip(calls, outcomes, strict=True))


def _row(conn: psycopg.Connection, reminder_id: uuid.UUID) -> tuple[str, int, bool]:
    row = conn.execute(
        "SELECT status, reminder_count, completed_at IS NOT NULL"
        " FROM claude.reminders WHERE reminder_id = %s",
        (reminder_id,),
    ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


@pytest.mark.parametrize("attempt", range(8))
def test_complete_vs_reschedule_last_attempt_exactly_one_wins(
    dsn: str, conn: psycopg.Connection, attempt: int
) -> None:
    # max_reminders 1: rescheduling expires it, so both outcomes are final and
    # exactly one of the two calls can win; the loser gets 55000.
    rid = _due_reminder(conn, max_reminders=1)
    results = _race(dsn, rid, ["complete_reminder", "reschedule_reminder"])
    assert sorted(results.values()) == ["55000", "ok"], results
    status, count, completed = _row(conn, rid)
    if results["complete_reminder"] == "ok":
        assert (status, count, completed) == ("done", 0, True)
    else:
        assert (status, count, completed) == ("expired", 1, False)
    activity = conn.execute(
        "SELECT activity_type FROM claude.activity_feed"
        " WHERE source_type = 'alert' AND source_id = %s",
        (rid,),
    ).fetchall()
    assert activity == [("reminder_completed" if status == "done" else "reminder_expired",)]


@pytest.mark.parametrize("attempt", range(5))
def test_complete_vs_reschedule_is_serial(dsn: str, conn: psycopg.Connection, attempt: int) -> None:
    # With attempts left the two calls serialise: complete first (reschedule then
    # fails, count 0) or reschedule first (then complete succeeds, count 1).
    rid = _due_reminder(conn, max_reminders=3)
    results = _race(dsn, rid, ["complete_reminder", "reschedule_reminder"])
    assert results["complete_reminder"] == "ok", results
    status, count, completed = _row(conn, rid)
    assert status == "done" and completed
    if results["reschedule_reminder"] == "ok":
        assert count == 1
    else:
        assert results["reschedule_reminder"] == "55000" and count == 0


def test_two_dismissals_one_wins(dsn: str, conn: psycopg.Connection) -> None:
    rid = _due_reminder(conn, max_reminders=3)
    states = race_sql(dsn, [("SELECT claude.dismiss_reminder(reminder_id => %s)", (rid,))] * 2)
    assert sorted(states) == ["55000", "ok"]
    assert _row(conn, rid) == ("dismissed", 0, True)


PROCESSORS = 4
REMINDERS = 40


@pytest.mark.slow
def test_concurrent_process_due_reminders_count_one_attempt_per_round(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    """Several sessions processing the same due reminders at once (rescheduling
    racing rescheduling and completion): each reminder is acted on once, so a
    not-done reminder loses one attempt, not one per processor."""
    project = unique("reminder-race")
    not_done = [
        conn.execute(
            "SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 day',"
            " check_type => 'sql_query', check_condition => 'SELECT false', max_reminders => 3,"
            " project_name => %s)",
            (f"open-{i}", project),
        ).fetchone()[0]  # type: ignore[index]
        for i in range(REMINDERS)
    ]
    done = [
        conn.execute(
            "SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 day',"
            " check_type => 'sql_query', check_condition => 'SELECT true', project_name => %s)",
            (f"done-{i}", project),
        ).fetchone()[0]  # type: ignore[index]
        for i in range(REMINDERS)
    ]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def processor(_n: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            rows = c.execute(
                "SELECT outcome FROM claude.process_due_reminders(project_name => %s)", (project,)
            ).fetchall()
        with lock:
            outcomes.update(r[0] for r in rows)

    race(PROCESSORS, processor)
    print(f"\n[reminder race] {PROCESSORS} processors over {2 * REMINDERS} due reminders: "
          f"{dict(outcomes)}")
    assert outcomes["rescheduled"] == REMINDERS and outcomes["done"] == REMINDERS
    assert set(outcomes) <= {"rescheduled", "done", "skipped"}
    assert conn.execute(
        "SELECT status, reminder_count, count(*) FROM claude.reminders"
        " WHERE reminder_id = ANY(%s) GROUP BY 1, 2",
        (not_done,),
    ).fetchall() == [("pending", 1, REMINDERS)]
    assert conn.execute(
        "SELECT status, count(*) FROM claude.reminders WHERE reminder_id = ANY(%s) GROUP BY 1",
        (done,),
    ).fetchall() == [("done", REMINDERS)]
    assert conn.execute(
        "SELECT activity_type, count(*) FROM claude.activity_feed"
        " WHERE source_type = 'alert' AND source_id = ANY(%s) GROUP BY 1",
        (not_done + done,),
    ).fetchall() == [("reminder_completed", REMINDERS)]
