"""Faults: the server stopped with `pg_ctl stop -m immediate` under a load of 8
writers, and client connections dropped mid-call.  After each, nothing committed is
lost and no half-written state remains.  (A job runner killed mid-job:
test_jobs_faults.py; faults under a load of every door: test_db_chaos.py.)"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from _cluster import as_postgres, run_cli
from conftest import agent_session, one, race, wait_for
from pgcatalog import amcheck_problems

from claude_gateway import localdb

# -- the server stopped with pg_ctl stop -m immediate under load ---------------------

WRITERS = 8
LOAD_SECONDS = 2.0


@pytest.fixture
def crash_cluster(throwaway_cluster: dict[str, str]) -> Iterator[tuple[dict[str, str], str]]:
    """A migrated throwaway cluster: (its environment, its URL)."""
    run_cli("db", "up", env=throwaway_cluster)
    run_cli("migrate", env=throwaway_cluster)
    url = run_cli("db", "url", "--admin", env=throwaway_cluster).stdout.strip()
    yield throwaway_cluster, url


@pytest.mark.slow
def test_server_crash_under_eight_writers_loses_no_committed_message(
    crash_cluster: tuple[dict[str, str], str], unique: Callable[[str], str]
) -> None:
    env, url = crash_cluster
    project = unique("crash")
    with psycopg.connect(url, autocommit=True) as c:
        senders = [agent_session(c, project, unique("writer"))[1] for _ in range(WRITERS)]
        recipient = agent_session(c, project, unique("reader"))[1]

    returned: list[list[uuid.UUID]] = [[] for _ in range(WRITERS)]
    errors: list[str] = ["" for _ in range(WRITERS)]
    sql = ("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
           " body => 'crash load', expires_in_days => NULL)")

    def crash() -> None:
        time.sleep(LOAD_SECONDS)
        cluster = localdb.Cluster(home=Path(env["CLAUDE_GATEWAY_HOME"]), port=int(env["CLAUDE_GATEWAY_PORT"]))
        pg_ctl = str(localdb.find_bindir() / "pg_ctl")
        subprocess.run(as_postgres([pg_ctl, "stop", "-D", str(cluster.datadir), "-m", "immediate"]),
                       check=True, capture_output=True, timeout=60)

    def writer(w: int, go: Callable[[], object]) -> None:
        if w == WRITERS:  # the last one stops the server under the others
            go()
            crash()
            return
        with psycopg.connect(url, autocommit=True) as c:
            go()
            i = 0
            while True:
                try:
                    row = c.execute(sql, (senders[w], recipient, f"w{w}-{i}")).fetchone()
                except psycopg.Error as exc:  # the crash: stop writing
                    errors[w] = type(exc).__name__
                    return
                assert row is not None
                returned[w].append(row[0])  # committed: the call returned
                i += 1

    race(WRITERS + 1, writer, limit=120)  # a writer that never notices the crash fails the test
    assert all(errors), f"every writer saw the crash: {errors}"

    run_cli("db", "up", env=env)  # restart: crash recovery replays the WAL
    ids = [m for w in returned for m in w]
    assert len(ids) > 0
    with psycopg.connect(url, autocommit=True) as c:
        present = one(c, "SELECT count(*) FROM claude.messages WHERE message_id = ANY(%s)", (ids,))
        in_db = one(c, "SELECT count(*) FROM claude.messages m JOIN claude.sessions s"
                        " ON s.session_id = m.from_session_id WHERE s.project_name = %s", (project,))
        sent_rows = c.execute(
            "SELECT count(*) FILTER (WHERE n <> 1), count(*) FROM ("
            " SELECT (SELECT count(*) FROM claude.activity_feed a WHERE a.source_type = 'message'"
            "          AND a.source_id = m.message_id AND a.activity_type = 'message_sent') AS n"
            "   FROM claude.messages m) s"
        ).fetchone()
        orphans = one(
            c, "SELECT count(*) FROM claude.activity_feed a WHERE a.source_type = 'message'"
               " AND NOT EXISTS (SELECT 1 FROM claude.messages m WHERE m.message_id = a.source_id)"
        )
        inbox = one(c, "SELECT count(*) FROM claude.get_pending_messages(session_id => %s)", (recipient,))
        # The database still works: a new message goes through.
        c.execute(sql, (senders[0], recipient, "after the crash"))
    lost = len(ids) - present
    print(f"\n[crash] {WRITERS} writers, {len(ids)} sends returned before pg_ctl stop -m immediate; "
          f"{in_db} messages in the database after restart ({in_db - present} committed without "
          f"the client hearing back); rows lost = {lost}; messages without exactly one message_sent "
          f"row = {sent_rows[0]}; activity rows without their message = {orphans}")
    assert lost == 0, "every message whose send returned survived"
    assert sent_rows == (0, in_db), "each message has exactly one message_sent row"
    assert orphans == 0
    assert inbox == in_db
    assert in_db - present <= WRITERS, "at most one unacknowledged commit per writer"

    # Heap and index consistency after crash recovery.
    # (pg_amcheck's checks through the amcheck extension: the PostgreSQL 18 of
    # scripts/pg18.sh ships no pg_amcheck.)
    problems = amcheck_problems(url)
    assert problems == [], problems
    print("[crash] amcheck (verify_heapam, bt_index_check heapallindexed): no corruption")


# -- client connections dropped mid-call ---------------------------------------------

def _in_flight_writes(c: psycopg.Connection, sender: uuid.UUID, reader: uuid.UUID, project: str,
                      tag: str) -> list[uuid.UUID]:
    """A direct message (acknowledged) and a broadcast (read by `reader`): every
    kind of row a message makes (message, receipt, activity), all uncommitted."""
    direct = one(c, "SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                     " subject => %s, body => 'in flight')", (sender, reader, tag))
    c.execute("SELECT claude.acknowledge_message(message_id => %s, session_id => %s)", (direct, reader))
    bc = one(c, "SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s,"
                 " subject => %s, body => 'in flight')", (sender, project, tag))
    c.execute("SELECT claude.mark_message_read(message_id => %s, session_id => %s)", (bc, reader))
    return [direct, bc]


def _no_trace(conn: psycopg.Connection, tag: str, ids: list[uuid.UUID]) -> None:
    assert one(conn, "SELECT count(*) FROM claude.messages WHERE subject = %s OR message_id = ANY(%s)",
                (tag, ids)) == 0
    assert one(conn, "SELECT count(*) FROM claude.message_receipts WHERE message_id = ANY(%s)", (ids,)) == 0
    assert one(conn, "SELECT count(*) FROM claude.activity_feed WHERE source_id = ANY(%s)"
                      " OR title LIKE '%%' || %s || '%%'", (ids, tag)) == 0


@pytest.mark.slow
def test_backend_terminated_mid_transaction_leaves_no_partial_state(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("dropped")
    _, sender = agent_session(conn, project, unique("s"))
    _, reader = agent_session(conn, project, unique("r"))
    tag = unique("terminated")
    ids: list[uuid.UUID] = []
    victim = psycopg.connect(dsn)
    pid = victim.info.backend_pid

    def step(n: int, go: Callable[[], object]) -> psycopg.OperationalError | None:
        go()
        if n == 0:  # the victim: four API calls, then a sleep inside the transaction
            try:
                with victim.transaction():
                    ids.extend(_in_flight_writes(victim, sender, reader, project, tag))
                    victim.execute("SELECT pg_sleep(60)")
            except psycopg.OperationalError as exc:
                return exc
            return None
        wait_for("the transaction to sleep", lambda: conn.execute(
            "SELECT wait_event FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() == ("PgSleep",))
        assert one(conn, "SELECT pg_terminate_backend(%s)", (pid,)) is True
        return None

    outcome = race(2, step, limit=120)[0]
    victim.close()
    assert isinstance(outcome, psycopg.OperationalError), outcome
    assert len(ids) == 2
    _no_trace(conn, tag, ids)
    print(f"\n[dropped] backend {pid} terminated mid-transaction after 4 API calls: 0 rows left")


CLIENT = """
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True, application_name="cgw-doomed-" + sys.argv[4]) as c:
    c.execute("SELECT set_config('client_connection_check_interval', %s, false)", (sys.argv[5],))
    c.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
              " subject => %s, body => 'in flight'), pg_sleep(%s::float8)", sys.argv[2:5] + sys.argv[6:7])
"""
CLIENT_IN_TRANSACTION = """
import sys, time, psycopg
with psycopg.connect(sys.argv[1], application_name="cgw-doomed-" + sys.argv[4]) as c:
    c.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
              " subject => %s, body => 'in flight')", sys.argv[2:5])
    time.sleep(60)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "extra", "survives"),
    [
        (CLIENT, ["100ms", "60"], False),
        (CLIENT_IN_TRANSACTION, [], False),
        (CLIENT, ["0", "3"], True),
    ],
    ids=["mid-statement", "in-transaction", "mid-statement-unchecked"],
)
def test_client_killed_mid_call_leaves_no_partial_state(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str], script: str, extra: list[str],
    survives: bool,
) -> None:
    """The client process dies (SIGKILL) inside a send_message statement that
    is still running, or with the send done but its transaction open: the
    server rolls the transaction back.  Without client_connection_check_interval
    a running statement does not notice the dead client and commits when it
    ends: whole, never partial (the message with its one message_sent row)."""
    project = unique("killed")
    _, sender = agent_session(conn, project, unique("s"))
    _, reader = agent_session(conn, project, unique("r"))
    tag = unique("killed")
    client = subprocess.Popen([sys.executable, "-c", script, dsn, str(sender), str(reader), tag, *extra])

    def backend() -> tuple[int, str | None, str] | None:
        return conn.execute(
            "SELECT pid, wait_event, state FROM pg_stat_activity"
            " WHERE application_name = 'cgw-doomed-' || %s",
            (tag,),
        ).fetchone()

    def in_flight() -> bool:
        assert client.poll() is None, "the client died on its own"
        b = backend()
        return b is not None and (b[1] == "PgSleep" or b[2] == "idle in transaction")

    wait_for("the client's call to be in flight", in_flight)
    info = backend()
    assert info is not None
    client.kill()
    client.wait()
    wait_for("the server to end the dead client's backend", lambda: conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (info[0],)).fetchone() == (0,))
    if survives:
        mid = one(conn, "SELECT message_id FROM claude.messages WHERE subject = %s", (tag,))
        assert conn.execute(
            "SELECT activity_type, count(*) FROM claude.activity_feed WHERE source_id = %s GROUP BY 1",
            (mid,),
        ).fetchall() == [("message_sent", 1)]
        state = "committed whole"
    else:
        _no_trace(conn, tag, [])
        state = "0 rows left"
    print(f"\n[dropped] client killed while its backend was {info[2]} ({info[1]}): {state}")
