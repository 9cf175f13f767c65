"""Reminder conditions cannot escape (docs/RULES.md, "Reminder conditions run as
claude_condition"): each attack of the security review, replayed as it was
found -- an agent LOGIN (member of claude_agent only) writes the reminder
through the API, a superuser (and an admin login) checks it,
through SQL and through the real SessionStart hook -- and then nothing of the
condition may remain: no file, slot, advisory lock, setting, large object or
notification, and no data it read in any error or hook output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

import claude_gateway
from claude_gateway.errors import InvalidArgument


@pytest.fixture
def agent(login_role: Callable[..., str]) -> str:
    return login_role("claude_agent")


@pytest.fixture
def project(unique: Callable[[str], str]) -> str:
    return unique("sandbox")


def plant(agent_dsn: str, project: str, condition: str, title: str = "attack") -> uuid.UUID:
    """The agent creates a due sql_query reminder through the API."""
    with psycopg.connect(agent_dsn, autocommit=True) as c:
        row = c.execute(
            "SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 minute',"
            " check_type => 'sql_query', check_condition => %s, project_name => %s)",
            (title, condition, project)).fetchone()
    assert row is not None
    return row[0]


def hook(dsn: str, project: str, tmp: Path, identity: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
    env.update(DATABASE_URL=dsn, XDG_CACHE_HOME=str(tmp / "cache"))
    stdin = json.dumps({"session_id": str(uuid.uuid4()), "cwd": str(tmp), "source": "startup",
                        "hook_event_name": "SessionStart"})
    return subprocess.run([sys.executable, "-m", "claude_gateway.cli", "startup", "--identity", identity,
                           "--project", project, "--format", "claude-hook", "--timeout", "1"],
                          input=stdin, capture_output=True, text=True, env=env, timeout=60)


def reminder_state(conn: psycopg.Connection, rid: uuid.UUID) -> tuple[Any, ...]:
    row = conn.execute("SELECT status, reminder_count, last_check_error FROM claude.reminders"
                       " WHERE reminder_id = %s", (rid,)).fetchone()
    assert row is not None
    return tuple(row)


def test_code_execution_through_lo_export_and_reload_is_impossible(
    agent: str, project: str, conn: psycopg.Connection, tmp_path: Path, dsn: str,
    unique: Callable[[str], str],
) -> None:
    # The agent cannot even upload the bytes (large objects are closed to PUBLIC)...
    with psycopg.connect(agent, autocommit=True) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("SELECT lo_from_bytea(0, 'MZ evil')")
    # ...so the superuser uploads them, as the attacker once could, to test the next wall.
    oid = conn.execute("SELECT lo_from_bytea(0, 'MZ evil')").fetchone()[0]  # type: ignore[index]
    target = tmp_path / "evil.so"
    os.chmod(tmp_path, 0o777)
    try:
        rid = plant(agent, project, f"SELECT lo_export({oid}, '{target}') = 1 AND pg_reload_conf()")
        res = hook(dsn, project, tmp_path, unique("checker"))  # the superuser's SessionStart hook
        assert res.returncode == 0, res.stderr
        assert not target.exists(), "the condition wrote a file as the postgres OS user"
        status, count, error = reminder_state(conn, rid)
        assert (status, count) == ("pending", 1) and "42501" in error
    finally:
        conn.execute("SELECT lo_unlink(%s)", (oid,))


@pytest.mark.parametrize("condition, secret", [
    ("SELECT pg_read_file('/etc/passwd')::int = 1", "root:"),
    ("SELECT (SELECT string_agg(rolname || ':' || coalesce(rolpassword, 'none'), ',')"
     " FROM pg_authid)::int = 1", "postgres:"),
    ("SELECT (SELECT string_agg(title, ',') FROM claude.pending_reminders)::int = 1", "TOPSECRET"),
])
def test_nothing_a_condition_read_is_echoed(
    agent: str, project: str, conn: psycopg.Connection, tmp_path: Path, dsn: str,
    condition: str, secret: str, unique: Callable[[str], str],
) -> None:
    plant(agent, project + "-other", "SELECT false", title="TOPSECRET plans")  # not shown to this project
    rid = plant(agent, project, condition)
    # Through SQL, as the superuser:
    with pytest.raises(psycopg.errors.InvalidParameterValue) as err:
        conn.execute("SELECT claude.check_reminder(reminder_id => %s)", (rid,))
    diag = err.value.diag
    said = " ".join(filter(None, [diag.message_primary, diag.message_detail, diag.message_hint,
                                  str(err.value)]))
    assert secret not in said and str(rid) in said and "SQLSTATE" in said
    # Through the hook, into what the model would read:
    res = hook(dsn, project, tmp_path, unique("checker"))
    assert res.returncode == 0, res.stderr
    assert secret not in res.stdout and secret not in res.stderr
    assert "/etc/passwd" not in reminder_state(conn, rid)[2]


def test_no_slot_lock_setting_notification_or_large_object_remains(
    agent: str, project: str, dsn: str, login_role: Callable[..., str],
) -> None:
    conditions = [
        "SELECT pg_create_physical_replication_slot('cgw_sandbox_slot') IS NOT NULL",
        "SELECT pg_advisory_lock(4242) IS NOT NULL AND pg_advisory_lock(4242) IS NOT NULL"
        " AND pg_advisory_lock_shared(7, 8) IS NOT NULL AND pg_try_advisory_lock(-5) AND true",
        "SELECT set_config('application_name', 'exfiltrated', false) IS NOT NULL",
        "SELECT pg_notify('cgw_sandbox', 'exfiltrated') IS NOT NULL",
        "SELECT lo_from_bytea(0, 'x') > 0",
        "SELECT set_config('session_authorization', session_user, false) IS NOT NULL",
    ]
    ids = [plant(agent, project, c, title=f"leftover {i}") for i, c in enumerate(conditions)]
    admin = login_role("claude_admin")
    for checker in (dsn, admin):  # the superuser, then an admin login
        with psycopg.connect(checker, autocommit=True) as c:
            c.execute("SET application_name = 'checker'")
            c.execute("LISTEN cgw_sandbox")
            for rid in ids:
                try:
                    c.execute("SELECT claude.check_reminder(reminder_id => %s)", (rid,))
                except psycopg.errors.InvalidParameterValue:
                    pass
            assert c.execute("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()"
                             " AND locktype = 'advisory'").fetchone() == (0,)
            assert c.execute("SHOW application_name").fetchone() == ("checker",)
            assert c.info.parameter_status("application_name") == "checker"
            assert list(c.notifies(timeout=0.5, stop_after=1)) == []
        with psycopg.connect(dsn, autocommit=True) as c:
            assert c.execute("SELECT count(*) FROM pg_replication_slots"
                             " WHERE slot_name = 'cgw_sandbox_slot'").fetchone() == (0,)
            assert c.execute("SELECT count(*) FROM pg_largeobject_metadata lo JOIN pg_roles r"
                             " ON r.oid = lo.lomowner WHERE r.rolname = 'claude_condition'"
                             ).fetchone() == (0,)


def test_a_condition_that_never_ends_is_bounded_at_every_door(
    agent: str, project: str, dsn: str, conn: psycopg.Connection,
) -> None:
    rid = plant(agent, project, "SELECT pg_sleep(1e9) IS NOT NULL")
    with claude_gateway.connect(dsn, condition_timeout=0.5) as gw:
        with pytest.raises(InvalidArgument) as err:
            gw.check_reminder(reminder_id=rid)
        assert "57014" in err.value.message
        # The same pool is not held: the next call works at once.
        outcome = gw.process_reminder(reminder_id=rid)
        assert outcome is not None and outcome.outcome == "timed_out"
    assert reminder_state(conn, rid)[:2] == ("pending", 1)


def test_one_poisoned_reminder_does_not_stop_the_others(
    agent: str, project: str, conn: psycopg.Connection,
) -> None:
    slow = plant(agent, project, "SELECT pg_sleep(3600) IS NOT NULL", title="poison")
    conn.execute("UPDATE claude.reminders SET check_after = check_after - interval '1 day'"
                 " WHERE reminder_id = %s", (slow,))
    good = plant(agent, project, "SELECT true", title="good")
    with conn.transaction():
        conn.execute("SET LOCAL statement_timeout = '300ms'")
        first = {r[0]: r[1] for r in conn.execute(
            "SELECT reminder_id, outcome FROM claude.process_due_reminders(project_name => %s)", (project,))}
    assert first == {slow: "timed_out"}, "the batch stops after a timeout instead of running unbounded"
    with conn.transaction():
        conn.execute("SET LOCAL statement_timeout = '300ms'")
        second = {r[0]: r[1] for r in conn.execute(
            "SELECT reminder_id, outcome FROM claude.process_due_reminders(project_name => %s)", (project,))}
    assert second == {good: "done"}, "the poisoned one was charged and rescheduled: the rest is decided"


def test_public_cannot_use_large_objects_or_temp_tables(agent: str, conn: psycopg.Connection) -> None:
    assert conn.execute("SELECT has_function_privilege('public', 'lo_from_bytea(oid, bytea)', 'EXECUTE'),"
                        " has_function_privilege('public', 'lo_create(oid)', 'EXECUTE'),"
                        " has_database_privilege('public', current_database(), 'TEMPORARY')").fetchone() \
        == (False, False, False)
    with psycopg.connect(agent, autocommit=True) as c, pytest.raises(psycopg.errors.InsufficientPrivilege):
        c.execute("CREATE TEMP TABLE t (x int)")


def test_cron_next_works_for_an_agent_login(agent: str) -> None:
    with psycopg.connect(agent, autocommit=True) as c:
        row = c.execute("SELECT claude.cron_next(expression => '0 3 * * *',"
                        " after => '2026-01-01 00:00+00')").fetchone()
    assert row is not None and row[0].hour == 3
