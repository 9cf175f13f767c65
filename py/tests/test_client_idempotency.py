"""Idempotency keys under races, on real connections.

A send retried after a lost reply must not be sent twice: the writes that
create rows take an idempotency_key, and the same key returns the first
result.  Here many connections send with one key at the same moment: one row
is created, every caller gets its id.  And the generated client sends a call
with a key once more when its connection died under it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from conftest import agent_session, one, race
from psycopg import conninfo

import claude_gateway

CALLERS = 8


def _race(dsn: str, sql: str, params: dict[str, Any]) -> list[Any]:
    """`sql` from CALLERS connections at the same moment: the value each call returned."""

    def call(_n: int, go: Callable[[], object]) -> Any:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            return one(c, sql, params)

    return race(CALLERS, call)


def _sessions(conn: psycopg.Connection, project: str) -> tuple[uuid.UUID, uuid.UUID]:
    return (agent_session(conn, project, f"{project}-a", platform="claude-code")[1],
            agent_session(conn, project, f"{project}-b", platform="claude-code")[1])


CASES = {
    "send_message": ("SELECT claude.send_message(from_session_id => %(a)s, to_session_id => %(b)s,"
                     " subject => 'race', body => 'once', idempotency_key => %(key)s)",
                     "SELECT count(*) FROM claude.messages WHERE from_session_id = %(a)s"),
    "broadcast_to_project": ("SELECT claude.broadcast_to_project(from_session_id => %(a)s,"
                             " project_name => %(p)s, subject => 'race', body => 'once',"
                             " idempotency_key => %(key)s)",
                             "SELECT count(*) FROM claude.messages WHERE to_project = %(p)s"),
    "create_reminder": ("SELECT claude.create_reminder(title => %(p)s, check_after => now(),"
                        " project_name => %(p)s, idempotency_key => %(key)s)",
                        "SELECT count(*) FROM claude.reminders WHERE title = %(p)s"),
    "record_knowledge": ("SELECT claude.record_knowledge(title => %(p)s, description => 'once',"
                         " knowledge_type => 'pattern', idempotency_key => %(key)s)",
                         "SELECT count(*) FROM claude.knowledge WHERE title = %(p)s"),
    "create_scheduled_job": ("SELECT claude.create_scheduled_job(job_name => %(p)s,"
                             " job_type => 'maintenance', command => 'true', trigger_type => 'on_demand',"
                             " idempotency_key => %(key)s)",
                             "SELECT count(*) FROM claude.scheduled_jobs WHERE job_name = %(p)s"),
}


@pytest.mark.parametrize("function", sorted(CASES))
def test_concurrent_calls_with_one_key_create_one_row(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str], function: str
) -> None:
    project = unique("idem")
    a, b = _sessions(conn, project)
    call, count = CASES[function]
    params = {"a": a, "b": b, "p": project, "key": str(uuid.uuid4())}
    results = _race(dsn, call, params)
    rows = conn.execute(count, params).fetchone()
    print(f"\n[idempotency race] {function}: {CALLERS} concurrent calls with one key -> "
          f"{len(set(results))} id, {rows[0] if rows else '?'} row")
    assert len(set(results)) == 1 and results[0] is not None, "every caller gets the first id"
    assert rows == (1,), "exactly one row"


def test_the_client_resends_a_keyed_call_once_when_its_connection_died(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("idem-retry")
    a, b = _sessions(conn, project)
    app = f"cgw-idem-{uuid.uuid4().hex[:8]}"
    import claude_gateway.client as client

    with claude_gateway.connect(conninfo.make_conninfo(dsn, application_name=app),
                                min_size=1, max_size=1) as gw:
        gw.get_active_identities()
        conn.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                     " WHERE application_name = %s", (app,))
        # As if the death went unnoticed until the call was on its way.
        real = client._usable
        client._usable = lambda _conn: True  # type: ignore[assignment]
        try:
            key = str(uuid.uuid4())
            mid = gw.send_message(from_session_id=a, to_session_id=b, subject="s", body="b",
                                  idempotency_key=key)
            conn.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                         " WHERE application_name = %s", (app,))
            again = gw.send_message(from_session_id=a, to_session_id=b, subject="s", body="b",
                                    idempotency_key=key)
            conn.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                         " WHERE application_name = %s", (app,))
            with pytest.raises(claude_gateway.errors.Unavailable):
                gw.send_message(from_session_id=a, to_session_id=b, subject="s", body="no key")
        finally:
            client._usable = real  # type: ignore[assignment]
    assert again == mid
    assert conn.execute("SELECT count(*) FROM claude.messages WHERE from_session_id = %s",
                        (a,)).fetchone() == (1,), "a keyed call is resent once, an unkeyed one is not"
