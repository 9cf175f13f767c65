"""migrate as one transaction: upgrades from every release, failures that change nothing, the lock.

- An upgrade from EVERY released migration, over rows that were legal at that
  release (written straight into the tables, as the old API could leave them:
  a reminder with check_after = 'infinity', a message expiring in year 20000
  before 0600), lands whole and the API works on the old rows.
- A failing migration or source file leaves the database exactly as it was:
  no pending migration recorded, no function dropped, no table created.
- The migration lock is waited for with a timeout and a message naming the
  holder; it covers the versioned migrations.
- The bookkeeping (yoyo's tables) lives in schema claude_migrations, never in
  public; an older release's public tables are carried over.
- A read-only session gets a clear message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo

import claude_gateway
from claude_gateway import migrate as m

# Rows as the release that first had these tables allowed them; extreme
# timestamps were legal until 0600.
SEED = """
INSERT INTO claude.projects (project_name) VALUES ('up');
INSERT INTO claude.identities (identity_name, platform)
VALUES ('up-a', 'claude-code'), ('up-b', 'claude-code');
INSERT INTO claude.sessions (identity_id, project_name)
SELECT identity_id, 'up' FROM claude.identities WHERE identity_name LIKE 'up-%';
INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, expires_at)
SELECT s1.session_id, s2.session_id, 'far future', 'x', {far_future}
  FROM claude.sessions s1, claude.sessions s2 WHERE s1.session_id <> s2.session_id LIMIT 1;
INSERT INTO claude.scheduled_jobs (job_name, job_type, command, project_id)
SELECT 'up-job', 'maintenance', 'true', project_id FROM claude.projects WHERE project_name = 'up';
INSERT INTO claude.reminders (title, check_after, project_name) VALUES
    ('never', {infinity}, 'up'),
    ('long ago', {minus_infinity}, 'up'),
    ('due', now() - interval '1 day', 'up');
"""
EXTREMES = {"far_future": "'20000-01-01'::timestamptz", "infinity": "'infinity'::timestamptz",
            "minus_infinity": "'-infinity'::timestamptz"}
ORDINARY = {"far_future": "now() + interval '7 days'", "infinity": "now() + interval '1 year'",
            "minus_infinity": "now() - interval '2 days'"}

CALENDAR = "0600_calendar_dates"


def release_ids() -> list[str]:
    with m.sql_dir() as root:
        return [mig.id for mig in m.read_migrations(root)]


def api_functions(dsn: str) -> set[str]:
    with psycopg.connect(dsn) as conn:
        return {r[0] for r in conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace")}


@pytest.mark.slow
@pytest.mark.parametrize("released", range(1, len(release_ids())))
def test_upgrade_from_every_release_over_rows_legal_then(
    scratch_db: Callable[[], str], released: int,
) -> None:
    ids = release_ids()
    dsn = scratch_db()
    assert m.apply_first(dsn, released) == ids[:released]
    legal = EXTREMES if CALENDAR not in ids[:released] else ORDINARY
    with psycopg.connect(dsn) as conn:
        conn.execute(SEED.format(**legal).encode())
    result = m.migrate(dsn)
    assert result.applied == ids[released:]
    assert m.applied_migrations(dsn) == ids
    with psycopg.connect(dsn) as conn:
        invalid = conn.execute(
            "SELECT conname FROM pg_constraint"
            " WHERE connamespace = 'claude'::regnamespace AND NOT convalidated"
        ).fetchall()
        assert invalid == [], "every constraint validated"
        bounds = conn.execute(
            "SELECT min(check_after), max(check_after) FROM claude.reminders").fetchone()
        assert bounds is not None and bounds[1] < datetime(9999, 12, 31, tzinfo=UTC)
    with claude_gateway.connect(dsn) as gw:
        sessions = [gw.get_active_session(identity_id=i.identity_id) for i in gw.get_active_identities()]
        assert len(sessions) == 2 and None not in sessions
        inbox = [msg for s in sessions if s is not None for msg in gw.get_pending_messages(session_id=s)]
        assert [msg.subject for msg in inbox] == ["far future"]
        outcomes = {r.title: r.outcome for r in gw.process_due_reminders(project_name="up")}
        assert set(outcomes) == {"due", "long ago"}, outcomes
        with psycopg.connect(dsn) as conn:
            job = conn.execute("SELECT job_id FROM claude.scheduled_jobs").fetchone()
        assert job is not None
        gw.claim_job(job_id=job[0], session_id=sessions[0])  # the runners' function exists


def copy_sql(tmp_path: Path) -> Path:
    with m.sql_dir() as root:
        dst = tmp_path / "db"
        shutil.copytree(root, dst, ignore=shutil.ignore_patterns("tests", "testing"))
    return dst


def test_a_failed_upgrade_leaves_the_old_working_schema(
    scratch_db: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    before_functions = api_functions(dsn)
    before_applied = m.applied_migrations(dsn)
    sql = copy_sql(tmp_path)
    # A new release: one migration that works, one that drops a function then fails.
    (sql / "migrations" / "9998_works.sql").write_text("CREATE TABLE claude.upgrade_probe (x int);\n")
    (sql / "migrations" / "9999_fails.sql").write_text(
        "DROP FUNCTION claude.claim_job(uuid, uuid, boolean);\nSELECT 1 / 0;\n")
    monkeypatch.setenv("CLAUDE_GATEWAY_DB_DIR", str(sql))
    with pytest.raises(m.MigrateError, match=r"9999_fails.sql: division by zero"):
        m.migrate(dsn)
    monkeypatch.delenv("CLAUDE_GATEWAY_DB_DIR")
    assert m.applied_migrations(dsn) == before_applied
    assert api_functions(dsn) == before_functions
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regclass('claude.upgrade_probe')").fetchone() == (None,)


def test_a_broken_source_file_rolls_back_the_pending_migrations(
    scratch_db: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    dsn = scratch_db()
    sql = copy_sql(tmp_path)
    (sql / "functions" / "zz_broken.sql").write_text("CREATE FUNCTION claude.zz_broken( RETURNS int;\n")
    monkeypatch.setenv("CLAUDE_GATEWAY_DB_DIR", str(sql))
    with pytest.raises(m.MigrateError, match=r"source zz_broken.sql: syntax error"):
        m.migrate(dsn)
    monkeypatch.delenv("CLAUDE_GATEWAY_DB_DIR")
    assert m.applied_migrations(dsn) == []
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regnamespace('claude')").fetchone() == (None,)


def test_the_lock_is_waited_for_with_a_timeout_and_names_its_holder(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    with psycopg.connect(dsn, autocommit=True) as holder:
        holder.execute("SET application_name = 'lock-holder-test'")
        holder.execute("SELECT pg_advisory_lock(%s)", (m._MIGRATE_LOCK,))
        pid = holder.info.backend_pid
        with pytest.raises(m.LockTimeout) as caught:
            m.migrate(dsn, lock_timeout=0.5)
        assert f"pid {pid}" in str(caught.value) and "lock-holder-test" in str(caught.value)
        # The versioned migrations wait too: nothing was applied.
        assert m.applied_migrations(dsn) == []
        res = subprocess.run(
            [sys.executable, "-m", "claude_gateway.cli", "migrate"], capture_output=True, text=True,
            env={**os.environ, "DATABASE_URL": dsn, "CLAUDE_GATEWAY_MIGRATE_LOCK_TIMEOUT": "0.5"},
            timeout=60, check=False)
        assert res.returncode == 1, res
        assert "migration lock" in res.stderr and f"pid {pid}" in res.stderr
        assert "Traceback" not in res.stderr
    assert m.migrate(dsn).applied == release_ids()


def test_bookkeeping_is_not_in_public_and_an_old_public_copy_is_carried_over(
    scratch_db: Callable[[], str],
) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    assert m.rollback(dsn) == release_ids()[-1:]
    with psycopg.connect(dsn) as conn:
        public = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace").fetchone()
        assert public == (0,)
        # As an older release left it: yoyo's tables in public.
        for table in ("_yoyo_migration", "_yoyo_log", "_yoyo_version"):
            conn.execute(f"ALTER TABLE {m.SCHEMA}.{table} SET SCHEMA public")
        conn.execute(f"DROP SCHEMA {m.SCHEMA}")
    assert m.applied_migrations(dsn) == release_ids()[:-1]
    assert m.migrate(dsn).applied == release_ids()[-1:]
    assert m.migrate(dsn).applied == []
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regclass('public._yoyo_migration')").fetchone() == (None,)


def test_a_read_only_session_is_told_so(scratch_db: Callable[[], str]) -> None:
    dsn = conninfo.make_conninfo(scratch_db(), options="-c default_transaction_read_only=on")
    with pytest.raises(m.MigrateError, match="read-only"):
        m.migrate(dsn)


def test_rollback_is_one_transaction_too(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    ids = release_ids()
    assert m.rollback(dsn) == ids[-1:]
    assert m.applied_migrations(dsn) == ids[:-1]
    assert m.migrate(dsn).applied == ids[-1:]
