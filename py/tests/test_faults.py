"""Faults: a job runner killed with SIGKILL mid-job, the server
stopped with `pg_ctl stop -m immediate` under a load of 8 writers, and client
connections dropped mid-call.  After each, nothing committed is lost and no
half-written state remains."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pgcatalog import amcheck_problems
from test_localdb import run_cli, throwaway_cluster  # noqa: F401 - the fixture is used by name

from claude_gateway import localdb
from claude_gateway.errors import InvalidState
from claude_gateway.runner import execute_job


def _wait_for(what: str, predicate: Callable[[], bool], limit: float = 30.0) -> None:
    """Poll until predicate() holds; fail after `limit` seconds (a hang, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def _one(conn: psycopg.Connection, sql: str, params: Any = None) -> Any:
    row = conn.execute(sql, params).fetchone()
    assert row is not None
    return row[0]


def _session(conn: psycopg.Connection, project: str, name: str) -> uuid.UUID:
    identity = _one(
        conn,
        "SELECT claude.register_identity(identity_name => %s, platform => 'pytest',"
        " role_description => 'fault test')",
        (name,),
    )
    return _one(
        conn, "SELECT claude.start_session(identity_id => %s, project_name => %s)", (identity, project)
    )


def _pid_alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# -- (1) a runner killed with SIGKILL mid-job ------------------------------------------

RUNNER = """
import sys, psycopg
from claude_gateway.runner import execute_job
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    execute_job(conn, sys.argv[2])
"""


@pytest.mark.slow
def test_runner_killed_mid_job_is_recovered_and_the_retry_succeeds(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str], tmp_path: Path
) -> None:
    project = unique("sigkill")
    marker, pidfile = tmp_path / "first-run", tmp_path / "job.pid"
    # First run: leave a marker and hang; the retry finds the marker and succeeds.
    command = (f"if [ -e {marker} ]; then echo second run; exit 0; fi; "
               f"touch {marker}; echo $$ > {pidfile}; exec sleep 60")
    job = _one(
        conn,
        "SELECT claude.create_scheduled_job(job_name => %s, job_type => 'maintenance', command => %s,"
        " trigger_type => 'session_start', trigger_condition => '{\"days_since_last_run\": 1}',"
        " timeout_seconds => 1, retry_on_failure => true, max_retries => 2, project_name => %s)",
        (unique("sigkill-job"), command, project),
    )
    runner = subprocess.Popen([sys.executable, "-c", RUNNER, dsn, str(job)], start_new_session=True)
    try:
        _wait_for("the job's command to start",
                  lambda: pidfile.exists() and pidfile.read_text().strip() != "")
        assert _one(conn, "SELECT last_status FROM claude.scheduled_jobs WHERE job_id = %s", (job,)) \
            == "RUNNING"
        child = int(pidfile.read_text())
        os.killpg(runner.pid, signal.SIGKILL)  # the runner (its own group) ...
        os.killpg(child, signal.SIGKILL)       # ... and the command's group it started
        runner.wait()
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
            runner.wait()
    assert runner.returncode == -signal.SIGKILL
    _wait_for("the killed command to go", lambda: not _pid_alive(child))

    # The run is stuck RUNNING: nobody will report it, and nobody may claim it.
    assert _one(conn, "SELECT last_status FROM claude.scheduled_jobs WHERE job_id = %s", (job,)) \
        == "RUNNING"
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
        conn.execute("SELECT claude.claim_job(job_id => %s)", (job,))
    # Not stale before its timeout plus grace; then backdate it past the timeout.
    conn.execute("SELECT claude.recover_stale_jobs(grace_seconds => 3600)")
    assert _one(conn, "SELECT last_status FROM claude.scheduled_jobs WHERE job_id = %s", (job,)) \
        == "RUNNING"
    conn.execute("UPDATE claude.job_run_history SET started_at = started_at - interval '1 minute'"
                 " WHERE job_id = %s", (job,))
    conn.execute("UPDATE claude.scheduled_jobs SET last_run = last_run - interval '1 minute'"
                 " WHERE job_id = %s", (job,))
    recovered = _one(conn, "SELECT claude.recover_stale_jobs(grace_seconds => 0)")
    assert recovered >= 1

    history = conn.execute(
        "SELECT attempt, status, finished_at IS NOT NULL, error FROM claude.job_run_history"
        " WHERE job_id = %s ORDER BY attempt", (job,)
    ).fetchall()
    assert [h[:3] for h in history] == [(1, "TIMEOUT", True)]
    assert "presumed dead" in history[0][3]
    row = conn.execute(
        "SELECT last_status, retry_count, retry_at > now(), run_count FROM claude.scheduled_jobs"
        " WHERE job_id = %s", (job,)
    ).fetchone()
    assert row == ("TIMEOUT", 1, True, 1), "a retry is pending after the default backoff"
    assert _one(conn, "SELECT count(*) FROM claude.activity_feed WHERE source_type = 'job'"
                      " AND source_id = %s AND activity_type = 'job_failed'", (job,)) == 1

    # Not due until retry_at; then the scheduler lists it again, and the retry succeeds.
    def due() -> list[uuid.UUID]:
        return [r[0] for r in conn.execute(
            "SELECT job_id FROM claude.get_due_jobs(project_name => %s)", (project,))]

    assert job not in due()
    with pytest.raises(InvalidState):
        execute_job(conn, job, only_if_due=True)
    conn.execute("UPDATE claude.scheduled_jobs SET retry_at = now() WHERE job_id = %s", (job,))
    assert job in due()
    result = execute_job(conn, job, only_if_due=True)
    assert (result.status, result.output, [a.attempt for a in result.attempts]) == (
        "SUCCESS", "second run\n", [2])
    assert conn.execute(
        "SELECT attempt, status FROM claude.job_run_history WHERE job_id = %s ORDER BY attempt", (job,)
    ).fetchall() == [(1, "TIMEOUT"), (2, "SUCCESS")]
    assert conn.execute(
        "SELECT last_status, run_count, success_count, retry_count, retry_at FROM claude.scheduled_jobs"
        " WHERE job_id = %s", (job,)
    ).fetchone() == ("SUCCESS", 2, 1, 0, None)
    print(f"\n[sigkill] runner {runner.pid} killed mid-job; recover_stale_jobs recovered {recovered}; "
          "history TIMEOUT (attempt 1) then SUCCESS (attempt 2)")


# -- (2) the server stopped with pg_ctl stop -m immediate under load ---------------------

WRITERS = 8
LOAD_SECONDS = 2.0


def _as_postgres(argv: list[str]) -> list[str]:
    return (["runuser", "-u", localdb.SUPERUSER, "--"] if os.geteuid() == 0 else []) + argv


@pytest.fixture
def crash_cluster(throwaway_cluster: dict[str, str]) -> Iterator[tuple[dict[str, str], str]]:  # noqa: F811
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
        senders = [_session(c, project, unique("writer")) for _ in range(WRITERS)]
        recipient = _session(c, project, unique("reader"))

    returned: list[list[uuid.UUID]] = [[] for _ in range(WRITERS)]
    errors: list[str] = ["" for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS + 1)
    sql = ("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
           " body => 'crash load', expires_in_days => NULL)")

    def writer(w: int) -> None:
        with psycopg.connect(url, autocommit=True) as c:
            barrier.wait(timeout=60)
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

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    barrier.wait(timeout=60)
    time.sleep(LOAD_SECONDS)
    cluster = localdb.Cluster(home=Path(env["CLAUDE_GATEWAY_HOME"]), port=int(env["CLAUDE_GATEWAY_PORT"]))
    pg_ctl = str(localdb.find_bindir() / "pg_ctl")
    subprocess.run(_as_postgres([pg_ctl, "stop", "-D", str(cluster.datadir), "-m", "immediate"]),
                   check=True, capture_output=True, timeout=60)
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert all(errors), f"every writer saw the crash: {errors}"

    run_cli("db", "up", env=env)  # restart: crash recovery replays the WAL
    ids = [m for w in returned for m in w]
    assert len(ids) > 0
    with psycopg.connect(url, autocommit=True) as c:
        present = _one(c, "SELECT count(*) FROM claude.messages WHERE message_id = ANY(%s)", (ids,))
        in_db = _one(c, "SELECT count(*) FROM claude.messages m JOIN claude.sessions s"
                        " ON s.session_id = m.from_session_id WHERE s.project_name = %s", (project,))
        sent_rows = c.execute(
            "SELECT count(*) FILTER (WHERE n <> 1), count(*) FROM ("
            " SELECT (SELECT count(*) FROM claude.activity_feed a WHERE a.source_type = 'message'"
            "          AND a.source_id = m.message_id AND a.activity_type = 'message_sent') AS n"
            "   FROM claude.messages m) s"
        ).fetchone()
        orphans = _one(
            c, "SELECT count(*) FROM claude.activity_feed a WHERE a.source_type = 'message'"
               " AND NOT EXISTS (SELECT 1 FROM claude.messages m WHERE m.message_id = a.source_id)"
        )
        inbox = _one(c, "SELECT count(*) FROM claude.get_pending_messages(session_id => %s)", (recipient,))
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


# -- (3) client connections dropped mid-call ---------------------------------------------

def _in_flight_writes(c: psycopg.Connection, sender: uuid.UUID, reader: uuid.UUID, project: str,
                      tag: str) -> list[uuid.UUID]:
    """A direct message (acknowledged) and a broadcast (read by `reader`): every
    kind of row a message makes (message, receipt, activity), all uncommitted."""
    direct = _one(c, "SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                     " subject => %s, body => 'in flight')", (sender, reader, tag))
    c.execute("SELECT claude.acknowledge_message(message_id => %s, session_id => %s)", (direct, reader))
    bc = _one(c, "SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s,"
                 " subject => %s, body => 'in flight')", (sender, project, tag))
    c.execute("SELECT claude.mark_message_read(message_id => %s, session_id => %s)", (bc, reader))
    return [direct, bc]


def _no_trace(conn: psycopg.Connection, tag: str, ids: list[uuid.UUID]) -> None:
    assert _one(conn, "SELECT count(*) FROM claude.messages WHERE subject = %s OR message_id = ANY(%s)",
                (tag, ids)) == 0
    assert _one(conn, "SELECT count(*) FROM claude.message_receipts WHERE message_id = ANY(%s)", (ids,)) == 0
    assert _one(conn, "SELECT count(*) FROM claude.activity_feed WHERE source_id = ANY(%s)"
                      " OR title LIKE '%%' || %s || '%%'", (ids, tag)) == 0


@pytest.mark.slow
def test_backend_terminated_mid_transaction_leaves_no_partial_state(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("dropped")
    sender, reader = _session(conn, project, unique("s")), _session(conn, project, unique("r"))
    tag = unique("terminated")
    outcome: list[BaseException] = []
    ids: list[uuid.UUID] = []
    victim = psycopg.connect(dsn)
    pid = victim.info.backend_pid

    def doomed() -> None:
        try:
            with victim.transaction():
                ids.extend(_in_flight_writes(victim, sender, reader, project, tag))
                victim.execute("SELECT pg_sleep(60)")
        except BaseException as exc:  # noqa: BLE001 - checked below
            outcome.append(exc)

    t = threading.Thread(target=doomed)
    t.start()
    _wait_for("the transaction to sleep", lambda: conn.execute(
        "SELECT wait_event FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone() == ("PgSleep",))
    assert _one(conn, "SELECT pg_terminate_backend(%s)", (pid,)) is True
    t.join(timeout=60)
    victim.close()
    assert len(outcome) == 1 and isinstance(outcome[0], psycopg.OperationalError), outcome
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
    sender, reader = _session(conn, project, unique("s")), _session(conn, project, unique("r"))
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

    _wait_for("the client's call to be in flight", in_flight)
    info = backend()
    assert info is not None
    client.kill()
    client.wait()
    _wait_for("the server to end the dead client's backend", lambda: conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (info[0],)).fetchone() == (0,))
    if survives:
        mid = _one(conn, "SELECT message_id FROM claude.messages WHERE subject = %s", (tag,))
        assert conn.execute(
            "SELECT activity_type, count(*) FROM claude.activity_feed WHERE source_id = %s GROUP BY 1",
            (mid,),
        ).fetchall() == [("message_sent", 1)]
        state = "committed whole"
    else:
        _no_trace(conn, tag, [])
        state = "0 rows left"
    print(f"\n[dropped] client killed while its backend was {info[2]} ({info[1]}): {state}")
