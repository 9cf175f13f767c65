"""Sending: at most one NOTIFY per transaction (docs/RULES.md, "A notification for
every new message") and the batch path send_messages (many messages, one
transaction, one notification)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
from conftest import agent_session
from psycopg.types.json import Jsonb


def _notes(listener: psycopg.Connection) -> list[dict[str, Any]]:
    """Every notification that has arrived (a short wait for the last one)."""
    return [json.loads(n.payload) for n in listener.notifies(timeout=1.0) if n.channel == "claude_messages"]


def test_one_notification_per_transaction(conn: psycopg.Connection, dsn: str,
                                          unique: Callable[[str], str]) -> None:
    project = unique("notify1")
    _, a = agent_session(conn, project, unique("a"), platform="claude-code")
    rcpt, b = agent_session(conn, project, unique("b"), platform="claude-code")
    send = ("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
            " body => 'x')")
    with psycopg.connect(dsn, autocommit=True) as listener:
        listener.execute("LISTEN claude_messages")
        one = conn.execute(send, (a, b, "one")).fetchone()[0]  # type: ignore[index]
        assert _notes(listener) == [{"message_id": str(one), "to_session_id": str(b),
                                     "to_identity_id": str(rcpt), "priority": "normal"}]
        with conn.transaction():
            m1 = conn.execute(send, (a, b, "m1")).fetchone()[0]  # type: ignore[index]
            m2 = conn.execute(send, (a, b, "m2")).fetchone()[0]  # type: ignore[index]
            bc = conn.execute("SELECT claude.broadcast_to_project(from_session_id => %s,"
                              " project_name => %s, subject => 'all', body => 'x')",
                              (a, project)).fetchone()[0]  # type: ignore[index]
        notes = _notes(listener)
        assert len(notes) == 1, f"three messages in one transaction, one notification: {notes}"
        assert notes[0]["count"] == 3
        assert [m["message_id"] for m in notes[0]["messages"]] == [str(m1), str(m2), str(bc)]
        assert notes[0]["messages"][2] == {"message_id": str(bc), "to_project": project, "priority": "normal"}
        with conn.transaction(force_rollback=True):
            conn.execute(send, (a, b, "rolled back"))
        assert _notes(listener) == [], "a rolled-back send notifies nobody"


def test_send_messages_sends_a_batch_with_one_notification(conn: psycopg.Connection, dsn: str,
                                                           unique: Callable[[str], str]) -> None:
    project = unique("batch")
    _, a = agent_session(conn, project, unique("a"), platform="claude-code")
    rcpt, b = agent_session(conn, project, unique("b"), platform="claude-code")
    batch = [{"to_session_id": str(b), "subject": f"s{i}", "body": "x",
              "priority": "urgent" if i == 0 else "low"} for i in range(50)]
    with psycopg.connect(dsn, autocommit=True) as listener:
        listener.execute("LISTEN claude_messages")
        row = conn.execute("SELECT claude.send_messages(from_session_id => %s, messages => %s)",
                           (a, Jsonb(batch))).fetchone()
        assert row is not None
        ids = row[0]
        notes = _notes(listener)
    assert len(ids) == 50 and len(set(ids)) == 50
    assert len(notes) == 1 and notes[0]["count"] == 50
    assert len(notes[0]["messages"]) == 20, "the payload is bounded (the first 20)"
    assert notes[0]["messages"][0] == {"message_id": str(ids[0]), "to_session_id": str(b),
                                       "to_identity_id": str(rcpt), "priority": "urgent"}
    subjects = [r[0] for r in conn.execute("SELECT subject FROM claude.messages"
                                           " WHERE message_id = ANY(%s)", (ids,))]
    assert sorted(subjects) == sorted(f"s{i}" for i in range(50))
    sent = conn.execute("SELECT count(*) FROM claude.activity_feed WHERE activity_type = 'message_sent'"
                        " AND source_id = ANY(%s)", (ids,)).fetchone()
    assert sent == (50,), "each message is logged as send_message logs it"
    pending = conn.execute("SELECT count(*) FROM claude.messages WHERE to_session_id = %s"
                           " AND status = 'pending'", (b,)).fetchone()
    assert pending == (50,)


def test_a_bad_message_fails_the_whole_batch(conn: psycopg.Connection, unique: Callable[[str], str]) -> None:
    project = unique("batch-bad")
    _, a = agent_session(conn, project, unique("a"), platform="claude-code")
    _, b = agent_session(conn, project, unique("b"), platform="claude-code")
    batch = [{"to_session_id": str(b), "subject": "ok", "body": "x"},
             {"to_session_id": str(b), "subject": "", "body": "x"}]
    try:
        conn.execute("SELECT claude.send_messages(from_session_id => %s, messages => %s)",
                     (a, Jsonb(batch)))
    except psycopg.errors.InvalidParameterValue:
        pass
    else:
        raise AssertionError("a blank subject in the batch is 22023")
    assert conn.execute("SELECT count(*) FROM claude.messages WHERE from_session_id = %s",
                        (a,)).fetchone() == (0,)
