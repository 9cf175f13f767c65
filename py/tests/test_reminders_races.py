"""Races on one due reminder from two connections (conftest.race_sql): the row stays consistent."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from conftest import race_sql


def _due_reminder(conn: psycopg.Connection, max_reminders: int) -> uuid.UUID:
    row = conn.execute(
        "SELECT claude.create_reminder(title => 'race', check_after => now() - interval '1 day',"
        " max_reminders => %s::integer)",
        (max_reminders,),
    ).fetchone()
    assert row is not None
    return row[0]


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
