"""Races on messages, on real connections: broadcasts read and acknowledged by several
recipients at once (each thread has its own connection; conftest.race lines them up)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from conftest import agent_session, race

IDENTITIES = 6
THREADS_PER_IDENTITY = 2
BROADCASTS = 15


@pytest.mark.slow
def test_broadcasts_read_and_acknowledged_by_six_identities_from_two_threads_each(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("bc-race")
    _, sender = agent_session(conn, project, unique("sender"))
    readers = [agent_session(conn, project, unique("reader")) for _ in range(IDENTITIES)]
    broadcasts = [
        conn.execute(
            "SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s,"
            " subject => %s, body => 'race')",
            (sender, project, f"bc-{i}"),
        ).fetchone()[0]  # type: ignore[index]
        for i in range(BROADCASTS)
    ]
    threads = IDENTITIES * THREADS_PER_IDENTITY
    # outcomes[(thread, message)] = (read outcome, ack outcome)
    outcomes: dict[tuple[int, uuid.UUID], tuple[str, str]] = {}

    def call(c: psycopg.Connection, sql: str, params: tuple[Any, ...]) -> str:
        try:
            c.execute(sql, params)
            return "ok"
        except psycopg.Error as exc:
            return exc.sqlstate or "?"

    def reader(n: int, go: Callable[[], object]) -> None:
        session = readers[n % IDENTITIES][1]
        with psycopg.connect(dsn, autocommit=True) as c:
            for mid in broadcasts:
                go()
                read = call(c, "SELECT claude.mark_message_read(message_id => %s, session_id => %s)",
                            (mid, session))
                ack = call(c, "SELECT claude.acknowledge_message(message_id => %s, session_id => %s)",
                           (mid, session))
                outcomes[(n, mid)] = (read, ack)

    race(threads, reader)

    for i in range(IDENTITIES):
        for mid in broadcasts:
            pair = [outcomes[(n, mid)] for n in range(i, threads, IDENTITIES)]
            # One acknowledgement wins, the other thread gets 55000; a read is
            # a no-op when already read, 55000 once the other thread acknowledged.
            assert sorted(ack for _, ack in pair) == ["55000", "ok"], pair
            reads = {read for read, _ in pair}
            assert "ok" in reads and reads <= {"ok", "55000"}, pair
    ids = [r[0] for r in readers]
    receipts = conn.execute(
        "SELECT identity_id, status, count(*) FROM claude.message_receipts"
        " WHERE message_id = ANY(%s) GROUP BY 1, 2",
        (broadcasts,),
    ).fetchall()
    assert sorted(receipts) == sorted((i, "acknowledged", BROADCASTS) for i in ids)
    # Every identity's first call on a broadcast is a read, so each identity
    # logs exactly one message_read and one message_acknowledged per broadcast.
    activity = conn.execute(
        "SELECT a.activity_type, a.source_id, a.actor, count(*) FROM claude.activity_feed a"
        " WHERE a.source_type = 'message' AND a.source_id = ANY(%s) GROUP BY 1, 2, 3",
        (broadcasts,),
    ).fetchall()
    assert {row[3] for row in activity} == {1}, "no activity row twice"
    per_type = Counter(row[0] for row in activity)
    assert per_type == {
        "message_sent": BROADCASTS,
        "message_read": IDENTITIES * BROADCASTS,
        "message_acknowledged": IDENTITIES * BROADCASTS,
    }
    print(f"\n[broadcast race] {IDENTITIES} identities x {THREADS_PER_IDENTITY} threads x "
          f"{BROADCASTS} broadcasts: {IDENTITIES * BROADCASTS} receipts, "
          f"{per_type['message_read']} read rows, {per_type['message_acknowledged']} ack rows, "
          "0 duplicates")
