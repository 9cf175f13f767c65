"""Messaging under real connections: LISTEN/NOTIFY, racing readers, many writers.

Identities and sessions are inserted directly (pytest connects as the table
owner) so that these tests do not depend on the sessions API.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable

import psycopg
import pytest
from conftest import race as conftest_race
from psycopg import errors


def new_session(
    conn: psycopg.Connection,
    project: str,
    identity_id: uuid.UUID | None = None,
    ended: bool = False,
) -> tuple[uuid.UUID, uuid.UUID]:
    """(identity_id, session_id) of a new session, ended if asked."""
    if identity_id is None:
        row = conn.execute(
            "INSERT INTO claude.identities (identity_name, platform) VALUES (%s, 'pytest') "
            "RETURNING identity_id",
            (f"agent-{uuid.uuid4().hex[:10]}",),
        ).fetchone()
        assert row is not None
        identity_id = row[0]
    conn.execute(
        "INSERT INTO claude.projects (project_name) VALUES (%s) ON CONFLICT DO NOTHING", (project,)
    )
    row = conn.execute(
        "INSERT INTO claude.sessions (identity_id, project_name) VALUES (%s, %s) "
        "RETURNING session_id",
        (identity_id, project),
    ).fetchone()
    assert row is not None
    if ended:
        conn.execute(
            "UPDATE claude.sessions SET session_end = now(), session_summary = 'done' "
            "WHERE session_id = %s",
            (row[0],),
        )
    return identity_id, row[0]


def send(
    conn: psycopg.Connection, frm: uuid.UUID, to: uuid.UUID, subject: str, **kw: object
) -> uuid.UUID:
    extra = "".join(f", {k} => %({k})s" for k in kw)
    row = conn.execute(
        "SELECT claude.send_message(from_session_id => %(frm)s, to_session_id => %(to)s, "
        f"subject => %(subject)s, body => 'body'{extra})",
        {"frm": frm, "to": to, "subject": subject, **kw},
    ).fetchone()
    assert row is not None
    return row[0]


def broadcast(conn: psycopg.Connection, frm: uuid.UUID, project: str, subject: str) -> uuid.UUID:
    row = conn.execute(
        "SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s, "
        "subject => %s, body => 'body')",
        (frm, project, subject),
    ).fetchone()
    assert row is not None
    return row[0]


def race(
    dsn: str,
    calls: list[Callable[[psycopg.Connection, uuid.UUID], None]],
    message_ids: list[uuid.UUID],
) -> list[list[str]]:
    """Run each call in its own thread and connection against every message in
    turn, all threads released together per message; outcomes[thread][i] is
    'ok' or the SQLSTATE."""

    def worker(n: int, go: Callable[[], object]) -> list[str]:
        outcomes: list[str] = []
        with psycopg.connect(dsn, autocommit=True) as c:
            for mid in message_ids:
                go()
                try:
                    calls[n](c, mid)
                    outcomes.append("ok")
                except psycopg.Error as exc:
                    outcomes.append(exc.sqlstate or "?")
        return outcomes

    return conftest_race(len(calls), worker)


def test_new_messages_notify_listeners_on_commit(
    conn: psycopg.Connection, dsn: str, unique: Callable[[str], str]
) -> None:
    project = unique("notify")
    _, a = new_session(conn, project)
    rcpt, b = new_session(conn, project)
    with psycopg.connect(dsn, autocommit=True) as listener:
        listener.execute("LISTEN claude_messages")
        with conn.transaction(force_rollback=True):
            send(conn, a, b, "rolled back")
        direct = send(conn, a, b, "hello", priority="urgent")
        bc = broadcast(conn, a, project, "all hands")
        payloads = [
            json.loads(n.payload)
            for n in listener.notifies(timeout=10, stop_after=2)
            if n.channel == "claude_messages"
        ]
    assert payloads == [
        {
            "message_id": str(direct),
            "to_session_id": str(b),
            "to_identity_id": str(rcpt),
            "priority": "urgent",
        },
        {"message_id": str(bc), "to_project": project, "priority": "normal"},
    ]


def test_two_identities_race_on_one_broadcast_and_both_win_once(
    conn: psycopg.Connection, dsn: str, unique: Callable[[str], str]
) -> None:
    project = unique("race")
    _, sender = new_session(conn, project)
    ib, b = new_session(conn, project)
    ic, c = new_session(conn, project)
    ids = [broadcast(conn, sender, project, f"bc-{i}") for i in range(20)]

    def read_then_ack(session: uuid.UUID) -> Callable[[psycopg.Connection, uuid.UUID], None]:
        def call(cx: psycopg.Connection, mid: uuid.UUID) -> None:
            cx.execute(
                "SELECT claude.mark_message_read(message_id => %s, session_id => %s)",
                (mid, session),
            )
            cx.execute(
                "SELECT claude.acknowledge_message(message_id => %s, session_id => %s)",
                (mid, session),
            )

        return call

    outcomes = race(dsn, [read_then_ack(b), read_then_ack(c)], ids)
    assert outcomes == [["ok"] * 20, ["ok"] * 20]
    receipts = conn.execute(
        "SELECT identity_id, status, count(*) FROM claude.message_receipts "
        "WHERE message_id = ANY(%s) "
        "GROUP BY 1, 2",
        (ids,),
    ).fetchall()
    assert sorted(receipts) == sorted([(ib, "acknowledged", 20), (ic, "acknowledged", 20)])
    activity = conn.execute(
        "SELECT activity_type, count(*) FROM claude.activity_feed "
        "WHERE source_id = ANY(%s) GROUP BY 1",
        (ids,),
    ).fetchall()
    assert dict(activity) == {"message_sent": 20, "message_read": 40, "message_acknowledged": 40}
    assert conn.execute(
        "SELECT count(*) FROM claude.get_pending_messages(session_id => %s)", (b,)
    ).fetchone() == (0,)
    assert conn.execute(
        "SELECT DISTINCT status FROM claude.messages WHERE message_id = ANY(%s)", (ids,)
    ).fetchall() == [("pending",)]


@pytest.mark.parametrize("delivery", ["broadcast", "direct"])
def test_one_identity_racing_itself_acknowledges_each_message_once(
    conn: psycopg.Connection, dsn: str, unique: Callable[[str], str], delivery: str
) -> None:
    """The identity's ended session and its active session acknowledge each message at the same
    moment: the ended one gets 55000, the active one succeeds, and one activity is logged."""
    project = unique(f"{delivery}-race")
    _, sender = new_session(conn, project)
    me, old = new_session(conn, project, ended=True)
    _, now = new_session(conn, project, identity_id=me)
    ids = [broadcast(conn, sender, project, f"bc-{i}") if delivery == "broadcast"
           else send(conn, sender, old, f"dm-{i}") for i in range(20)]

    def ack(session: uuid.UUID) -> Callable[[psycopg.Connection, uuid.UUID], None]:
        def call(cx: psycopg.Connection, mid: uuid.UUID) -> None:
            cx.execute(
                "SELECT claude.acknowledge_message(message_id => %s, session_id => %s)",
                (mid, session),
            )

        return call

    outcomes = race(dsn, [ack(old), ack(now)], ids)
    for i in range(20):
        assert sorted([outcomes[0][i], outcomes[1][i]]) == ["55000", "ok"], i
    assert conn.execute(
        "SELECT count(*) FROM claude.activity_feed "
        "WHERE source_id = ANY(%s) AND activity_type = 'message_acknowledged'",
        (ids,),
    ).fetchone() == (20,)
    if delivery == "broadcast":  # each reader identity's own receipt
        assert conn.execute(
            "SELECT count(*) FROM claude.message_receipts "
            "WHERE message_id = ANY(%s) AND status = 'acknowledged'",
            (ids,),
        ).fetchone() == (20,)


WRITERS = 8
PER_WRITER = 2000
RECIPIENTS = 4


def test_eight_writers_deliver_every_message_exactly_once(
    conn: psycopg.Connection, dsn: str, unique: Callable[[str], str]
) -> None:
    project = unique("load")
    senders = [new_session(conn, project)[1] for _ in range(WRITERS)]
    # Each recipient identity has an ended and a current session; half the
    # mail goes to the ended one and must still reach the identity's inbox.
    recipients: list[tuple[uuid.UUID, uuid.UUID]] = []
    for _ in range(RECIPIENTS):
        ident, ended = new_session(conn, project, ended=True)
        _, current = new_session(conn, project, identity_id=ident)
        recipients.append((ended, current))

    def writer(w: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            for i in range(PER_WRITER):
                ended, current = recipients[(w + i) % RECIPIENTS]
                to = ended if i % 2 else current
                c.execute(
                    "SELECT claude.send_message(from_session_id => %s, to_session_id => %s, "
                    "subject => %s, body => 'load', expires_in_days => NULL)",
                    (senders[w], to, f"w{w}-{i}"),
                )

    conftest_race(WRITERS, writer)

    for r, (ended, current) in enumerate(recipients):
        expected = {
            f"w{w}-{i}"
            for w in range(WRITERS)
            for i in range(PER_WRITER)
            if (w + i) % RECIPIENTS == r
        }
        got = Counter(
            s
            for (s,) in conn.execute(
                "SELECT subject FROM claude.get_pending_messages(session_id => %s)", (current,)
            )
        )
        assert set(got) == expected, f"recipient {r}"
        assert max(got.values()) == 1, f"recipient {r} got duplicates"
        via_ended = conn.execute(
            "SELECT count(*) FROM claude.get_pending_messages(session_id => %s)", (ended,)
        ).fetchone()
        assert via_ended == (len(expected),)
    sent = conn.execute(
        "SELECT count(*) FROM claude.activity_feed a "
        "JOIN claude.messages m ON m.message_id = a.source_id "
        "WHERE a.activity_type = 'message_sent' AND m.from_session_id = ANY(%s)",
        (senders,),
    ).fetchone()
    assert sent == (WRITERS * PER_WRITER,)


@pytest.mark.parametrize("bad", [0, -1])
def test_non_positive_expiry_is_refused_through_psycopg(
    conn: psycopg.Connection, bad: int, unique: Callable[[str], str]
) -> None:
    project = unique("expiry")
    _, a = new_session(conn, project)
    _, b = new_session(conn, project)
    with pytest.raises(errors.InvalidParameterValue):
        send(conn, a, b, "x", expires_in_days=bad)
