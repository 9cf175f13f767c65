"""Migrations, in one file:

- From empty: migrate twice (the CLI), roll back all and apply again, fresh equals upgraded.
- Migrations applied onto a database that holds data lose none of it.
- Migrations onto data made through the API.
- migrate as one transaction: upgrades from every release, failures that change nothing, the lock.
- Roles and grants come back with every migrate: a managed server's owner, and a restore.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from _cluster import free_port, run_cli
from pgcatalog import schema_fingerprint
from psycopg import conninfo
from psycopg.conninfo import make_conninfo

import claude_gateway
from claude_gateway import migrate as m
from claude_gateway.localdb import Cluster, LocalDB, find_bindir


# ----------------------------------------------------------------------------
# From empty: migrate twice, roll back all and apply again, fresh equals upgraded
# ----------------------------------------------------------------------------
def catalog(dsn: str) -> str:
    """The claude schema: every object from the catalog (any server version), plus
    pg_dump's view of it where the server's bin directory has a pg_dump (not the
    server-only PostgreSQL 18 of scripts/pg18.sh), minus ownership noise."""
    text = schema_fingerprint(dsn)
    pg_dump = find_bindir() / "pg_dump"
    if not pg_dump.is_file():
        return text
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    args = [str(pg_dump), "--schema-only", "--no-owner", "-n", "claude"]
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
                     ("dbname", "PGDATABASE"), ("password", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    # pg_dump >= 15.14 brackets its output with a random \restrict key.
    skip = ("--", "\\restrict", "\\unrestrict")
    return text + "\n" + "\n".join(line for line in out.splitlines() if not line.startswith(skip))


def test_migrate_twice_is_a_no_op(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    first = run_cli("migrate", env={"DATABASE_URL": dsn})
    assert "applied 0 migration" not in first.stdout
    before = catalog(dsn)
    second = run_cli("migrate", env={"DATABASE_URL": dsn})
    assert "applied 0 migration(s)" in second.stdout
    assert catalog(dsn) == before


def test_rollback_all_then_apply_again(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    before = catalog(dsn)
    ids = m.rollback(dsn, all_=True)
    assert ids, "every migration is rolled back"
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regnamespace('claude')").fetchone() == (None,)
    m.migrate(dsn)
    assert catalog(dsn) == before


def test_fresh_install_and_upgrade_from_first_migration_match(scratch_db: Callable[[], str]) -> None:
    fresh, upgraded = scratch_db(), scratch_db()
    m.migrate(fresh)
    assert m.apply_first(upgraded, 1) == [m.applied_migrations(fresh)[0]]
    m.migrate(upgraded)
    assert catalog(upgraded) == catalog(fresh)



# ----------------------------------------------------------------------------
# Migrations applied onto a database that holds data lose none of it
# ----------------------------------------------------------------------------
# Every table of the first migration and the columns that identify its rows.
TABLES = {
    "projects": "project_id",
    "identities": "identity_id",
    "sessions": "session_id",
    "messages": "message_id",
    "message_receipts": "message_id, identity_id",
    "scheduled_jobs": "job_id",
    "job_run_history": "run_id",
    "reminders": "reminder_id",
    "activity_feed": "id",
    "knowledge": "knowledge_id",
}

DIRECT_SEED = """
INSERT INTO claude.projects (project_name) VALUES ('alpha'), ('beta');
INSERT INTO claude.identities (identity_name, platform)
SELECT 'agent-' || g, 'claude-code' FROM generate_series(1, 20) g;
INSERT INTO claude.sessions (identity_id, project_name, session_end, session_summary)
SELECT identity_id, 'alpha', now(), 'done' FROM claude.identities;
INSERT INTO claude.sessions (identity_id, project_name)
SELECT identity_id, 'beta' FROM claude.identities;
INSERT INTO claude.messages (from_session_id, to_session_id, subject, body)
SELECT s1.session_id, s2.session_id, 'subject ' || row_number() OVER (), 'body'
  FROM claude.sessions s1 JOIN claude.sessions s2 ON s1.identity_id <> s2.identity_id
 WHERE s1.session_end IS NULL AND s2.session_end IS NULL LIMIT 200;
INSERT INTO claude.messages (from_session_id, to_project, subject, body)
SELECT session_id, 'beta', 'broadcast', 'hello' FROM claude.sessions WHERE session_end IS NULL LIMIT 5;
INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at)
SELECT m.message_id, s.identity_id, s.session_id, 'read', now()
  FROM claude.messages m CROSS JOIN LATERAL (
       SELECT * FROM claude.sessions WHERE session_end IS NULL AND session_id <> m.from_session_id LIMIT 3) s
 WHERE m.to_project IS NOT NULL;
INSERT INTO claude.scheduled_jobs (job_name, job_type, command)
SELECT 'job-' || g, 'maintenance', 'true' FROM generate_series(1, 10) g;
INSERT INTO claude.job_run_history (job_id, status, finished_at)
SELECT job_id, 'SUCCESS', now() FROM claude.scheduled_jobs;
INSERT INTO claude.reminders (title, check_after, project_name)
SELECT 'reminder ' || g, now() + g * interval '1 day', 'alpha' FROM generate_series(1, 30) g;
INSERT INTO claude.activity_feed (source_type, activity_type, title)
SELECT 'alert', 'seeded', 'seed ' || g FROM generate_series(1, 50) g;
INSERT INTO claude.knowledge (title, description, knowledge_type)
SELECT 'tip ' || g, 'description of tip ' || g, 'pattern' FROM generate_series(1, 25) g;
"""


def key_fingerprint(dsn: str) -> dict[str, tuple[int, str]]:
    """Row count and an md5 over the identifying columns of every seeded table."""
    out = {}
    with psycopg.connect(dsn) as conn:
        for table, key in TABLES.items():
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(k::text, ',' ORDER BY k::text), '')) "
                f"FROM (SELECT ({key}) AS k FROM claude.{table}) s"
            ).fetchone()
            assert row is not None
            out[table] = (row[0], row[1])
    return out


def test_upgrading_a_database_with_data_loses_none(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    m.apply_first(dsn, 1)
    with psycopg.connect(dsn) as conn:
        conn.execute(DIRECT_SEED)  # type: ignore[arg-type]
    before = key_fingerprint(dsn)
    assert all(count > 0 for count, _ in before.values()), before

    m.migrate(dsn)
    assert key_fingerprint(dsn) == before

    # Rolling back every migration but the first and applying them again keeps it too.
    applied = m.applied_migrations(dsn)
    assert len(applied) > 1
    for _ in range(len(applied) - 1):
        m.rollback(dsn)
    m.migrate(dsn)
    assert key_fingerprint(dsn) == before


# ----------------------------------------------------------------------------
# Migrations onto data made through the API
# ----------------------------------------------------------------------------
def _tables(dsn: str) -> list[str]:
    with psycopg.connect(dsn) as conn:
        return [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'claude'::regnamespace"
            " AND c.relkind = 'r' ORDER BY 1")]


def fingerprint(dsn: str) -> dict[str, tuple[int, str]]:
    """Per table and per column ("table.column"): row count and an md5 over the column's
    values in primary-key order.  Per column, so that rolling back a migration that
    added a column can be compared on the columns that are still there."""
    out = {}
    with psycopg.connect(dsn) as conn:
        for table in _tables(dsn):
            pk = conn.execute(
                "SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM pg_index x"
                " CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, i)"
                " JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
                " WHERE x.indrelid = %s::regclass AND x.indisprimary", (f"claude.{table}",)).fetchone()
            assert pk is not None and pk[0], f"claude.{table} has a primary key"
            columns = [r[0] for r in conn.execute(
                "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = %s::regclass"
                " AND attnum > 0 AND NOT attisdropped ORDER BY attnum", (f"claude.{table}",))]
            hashes = ", ".join(
                f"md5(coalesce(string_agg(t.{c}::text, '|' ORDER BY ({pk[0]})::text), ''))" for c in columns)
            row = conn.execute(
                f"SELECT count(*), {hashes} FROM claude.{table} t"  # names come from the catalog
            ).fetchone()
            assert row is not None
            out[table] = (row[0], "")
            for c, h in zip(columns, row[1:], strict=True):
                out[f"{table}.{c}"] = (row[0], h)
    return out


def same_where_both_exist(now: dict[str, tuple[int, str]], before: dict[str, tuple[int, str]]) -> bool:
    """Every table and column that both have holds the same rows and values (a rolled-back
    migration may take away what it added: a column, a table)."""
    return all(now[k] == v for k, v in before.items() if k in now)


BULK = 100


def seed_through_the_api(dsn: str) -> dict[str, uuid.UUID]:
    """A little of everything, made only by API calls."""
    past = datetime.now(UTC) - timedelta(days=1)
    with claude_gateway.connect(dsn) as gw:
        me = gw.register_identity(identity_name="mig-me", platform="claude-code", role_description="writer")
        you = gw.register_identity(identity_name="mig-you", platform="claude-code", role_description="reader")
        old = gw.start_session(identity_id=me, project_name="mig")
        gw.end_session(session_id=old, summary="first session")
        assert gw.archive_activity(older_than=timedelta(0)) > 0  # fills activity_feed_archive
        mine = gw.start_session(identity_id=me, project_name="mig")
        yours = gw.start_session(identity_id=you, project_name="mig")
        direct = gw.send_message(from_session_id=mine, to_session_id=yours, subject="hello", body="hi")
        gw.acknowledge_message(message_id=direct, session_id=yours)
        pending = gw.send_message(from_session_id=yours, to_session_id=mine, subject="question", body="?",
                                  in_reply_to=direct)
        gw.deliver_new_messages(session_id=mine)  # the prompt hook: fills session_injections
        with gw.transaction() as tx:
            for i in range(BULK):
                tx.send_message(from_session_id=mine, to_session_id=yours, subject=f"bulk {i}", body="x")
                read = tx.broadcast_to_project(from_session_id=yours, project_name="mig",
                                               subject=f"bc {i}", body="x")
                tx.acknowledge_message(message_id=read, session_id=mine)
        bc = gw.broadcast_to_project(from_session_id=mine, project_name="mig", subject="all", body="hands")
        gw.mark_message_read(message_id=bc, session_id=yours)
        job = gw.create_scheduled_job(job_name="mig-job", job_type="maintenance", command="true",
                                      project_name="mig", trigger_condition={"days_since_last_run": 1},
                                      retry_on_failure=True)
        gw.claim_job(job_id=job, session_id=mine)
        gw.update_job_result(job_id=job, status="FAILED", error="boom")
        nightly = gw.create_scheduled_job(job_name="mig-nightly", job_type="backup", command="true",
                                          trigger_type="schedule", schedule="0 3 * * *")
        due = gw.create_reminder(title="mig-due", check_after=past, check_type="sql_query",
                                 check_condition="SELECT false", project_name="mig")
        done = gw.create_reminder(title="mig-done", check_after=past, project_name="mig")
        gw.complete_reminder(reminder_id=done)
        k1 = gw.record_knowledge(title="mig tip", description="vacuum after bulk loads",
                                 knowledge_type="pattern", applies_to_projects=["mig"],
                                 learned_by_identity_id=me)
        k2 = gw.record_knowledge(title="mig gotcha", description="now() is frozen in a transaction",
                                 knowledge_type="gotcha", idempotency_key="mig-k2")
        gw.link_knowledge(knowledge_id=k1, related_knowledge_id=k2)
        gw.apply_knowledge(knowledge_id=k1, was_successful=True)
        gw.log_activity(source_type="commit", source_id=uuid.uuid4(), actor="mig-me",
                        activity_type="commit_pushed", title="pushed", project_name="mig")
        gw.acquire_lease(session_id=mine, paths=["src/**"], reason="migrations")
        done_lease = gw.acquire_lease(session_id=yours, paths=["docs/*.md"], exclusive=False)[0]
        gw.release_lease(lease_id=done_lease.lease_id)
        # questions to a human: one open, one escalated and then answered by an overseer's login
        asker = gw.start_session(identity_id=gw.register_identity(
            identity_name="mig-asker", platform="claude-code", role_description=None), project_name="mig")
        boss = gw.start_session(identity_id=gw.register_identity(
            identity_name="mig-boss", platform="human", role_description=None), project_name="mig")
        gw.ask_human(session_id=asker, question="mig: still open?")
        late = gw.ask_human(session_id=asker, question="mig: deploy?", options=["yes", "no"])
    overseer = f"cgw_mig_boss_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("UPDATE claude.human_questions SET asked_at = now() - interval '2 hours',"
                  " deadline = now() - interval '1 hour' WHERE question_id = %s", (late,))
        assert c.execute("SELECT claude.escalate_overdue_questions()").fetchone() == (1,)
        c.execute(f'CREATE ROLE "{overseer}" LOGIN IN ROLE claude_overseer')
    try:
        with psycopg.connect(conninfo.make_conninfo(dsn, user=overseer), autocommit=True) as c:
            c.execute("SELECT claude.answer_question(question_id => %s, option_number => 2,"
                      " session_id => %s)", (late, boss))
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(f'DROP ROLE "{overseer}"')
    return {"me": me, "mine": mine, "yours": yours, "pending": pending, "bc": bc, "job": job,
            "nightly": nightly, "due": due, "k1": k1}


@pytest.mark.slow
def test_data_made_by_the_api_survives_reapplied_sources_and_rolled_back_migrations(
    scratch_db: Callable[[], str],
) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    ids = seed_through_the_api(dsn)
    before = fingerprint(dsn)
    empty = [t for t, (count, _) in before.items() if count == 0]
    assert empty == [], f"seed every table: {empty}"

    # The re-runnable sources (functions, triggers, views, grants) onto the data.
    assert m.migrate(dsn).applied == []
    assert fingerprint(dsn) == before

    # Every migration after the first, rolled back and applied again.  A table that a
    # later migration created goes with its rollback (its rows with it); every other
    # table keeps every row through the rollbacks and the re-application.
    later = m.applied_migrations(dsn)[1:]
    assert later, "there are migrations after the first"
    for _ in later:
        m.rollback(dsn)
    assert m.applied_migrations(dsn) == ["0001_schema"]
    kept = fingerprint(dsn)
    assert same_where_both_exist(kept, before), "rolling back lost or changed rows"

    assert m.migrate(dsn).applied == later
    after = fingerprint(dsn)
    rows = sum(count for count, _ in before.values())
    # A column a rolled-back migration added comes back empty (NULL or its default):
    # what it held went with the rollback.  Everything that survived the rollback stays.
    lost = {t: before[t] for t in before if t in kept and after.get(t) != before[t]}
    print(f"\n[migrations] {len(before)} tables, {rows} rows made by the API; sources re-applied, "
          f"{len(later)} migrations rolled back and re-applied; rows lost or changed = {len(lost)}")
    assert lost == {}

    # The API still works on the rows made before.
    with claude_gateway.connect(dsn) as gw:
        inbox = gw.get_pending_messages(session_id=ids["mine"])
        assert [r.message_id for r in inbox] == [ids["pending"]]
        assert len(gw.get_pending_messages(session_id=ids["yours"])) == BULK
        assert [r.knowledge_id for r in gw.search_knowledge(search_text="vacuum")] == [ids["k1"]]
        outcomes = {r.reminder_id: r.outcome for r in gw.process_due_reminders(project_name="mig")}
        assert outcomes == {ids["due"]: "rescheduled"}
        claim = gw.claim_job(job_id=ids["job"])
        assert claim is not None and claim.attempt == 2, "the pending retry counts on"
        gw.update_job_result(job_id=ids["job"], status="SUCCESS")
        assert [r.job_id for r in gw.get_due_jobs(project_name="mig")] == []


OVERLOADED = (
    "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace"
    " GROUP BY 1 HAVING count(*) > 1 ORDER BY 1"
)
# Signatures of the previous release, which later migrations replace.
PREVIOUS = (
    "CREATE FUNCTION claude.claim_job(job_id uuid, session_id uuid DEFAULT NULL)"
    " RETURNS claude.job_claim LANGUAGE sql AS 'SELECT NULL::claude.job_claim';"
    "CREATE FUNCTION claude.reschedule_reminder(reminder_id uuid)"
    " RETURNS void LANGUAGE sql AS 'SELECT';"
)


def test_upgrade_from_previous_signatures_leaves_one_per_function(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    with psycopg.connect(dsn) as conn:
        assert conn.execute(OVERLOADED).fetchall() == [], "a fresh install has no overloads"
    # Back to before the signature changes, with the old signatures in place.
    replacing = {"0390_claim_job_only_if_due", "0490_reschedule_reminder_only_if_due"}
    while replacing & set(m.applied_migrations(dsn)):
        m.rollback(dsn)
    with psycopg.connect(dsn) as conn:
        conn.execute("DROP FUNCTION IF EXISTS claude.claim_job(uuid, uuid, boolean)")
        conn.execute("DROP FUNCTION IF EXISTS claude.reschedule_reminder(uuid, boolean)")
        conn.execute(PREVIOUS)  # type: ignore[arg-type]
    m.migrate(dsn)
    with psycopg.connect(dsn) as conn:
        assert conn.execute(OVERLOADED).fetchall() == []
        signatures = conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " WHERE p.pronamespace = 'claude'::regnamespace"
            "   AND p.proname IN ('claim_job', 'reschedule_reminder') ORDER BY 1"
        ).fetchall()
    assert signatures == [("claude.claim_job(uuid,uuid,boolean)",),
                          ("claude.reschedule_reminder(uuid,boolean)",)]


# ----------------------------------------------------------------------------
# migrate as one transaction: upgrades from every release, failures that change nothing, the lock
# ----------------------------------------------------------------------------
# Rows as the release that first had these tables allowed them; extreme
# timestamps were legal until 0600.
RELEASE_SEED = """
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
        conn.execute(RELEASE_SEED.format(**legal).encode())
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


# ----------------------------------------------------------------------------
# Roles and grants come back with every migrate: a managed server's owner, and a restore
# ----------------------------------------------------------------------------
@pytest.fixture
def fresh_cluster() -> Iterator[Cluster]:
    """A throwaway cluster without the claude_* roles, stopped and removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix="cgw-", dir="/tmp"))  # short: the socket path
    home.chmod(0o755)  # as root the server runs as the postgres user
    db = LocalDB(Cluster(home=home, port=free_port()))
    try:
        db.up()
        yield db.cluster
    finally:
        db.down()
        shutil.rmtree(home, ignore_errors=True)


def server_version(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()
    assert row is not None
    return int(row[0])


def test_a_managed_servers_owners_migrate_without_a_superuser(fresh_cluster: Cluster) -> None:
    admin = fresh_cluster.url("postgres", admin=True)
    with psycopg.connect(admin, autocommit=True) as c:
        for owner in ("cgw_owner_a", "cgw_owner_b"):
            c.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE CREATEDB")  # not SUPERUSER
    as_owner = {o: make_conninfo(admin, user=o) for o in ("cgw_owner_a", "cgw_owner_b")}
    db = {o: make_conninfo(admin, user=o, dbname=f"db_{o}") for o in as_owner}
    for owner, dsn in as_owner.items():
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(f"CREATE DATABASE db_{owner}")
    # A provider may leave the owner no CREATE on `public`: migrate puts nothing there.
    with psycopg.connect(db["cgw_owner_b"], autocommit=True) as c:
        c.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC, pg_database_owner")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            c.execute("CREATE TABLE public.probe (x int)")

    # The first owner creates the roles (it holds them WITH ADMIN) and migrates.
    assert m.migrate(db["cgw_owner_a"]).applied == release_ids()

    if server_version(admin) >= 160000:
        # 16+: the second owner may not grant itself claude_condition: told who can.
        with pytest.raises(m.MigrateError, match="GRANT claude_condition TO cgw_owner_b"):
            m.migrate(db["cgw_owner_b"])
        with psycopg.connect(as_owner["cgw_owner_a"], autocommit=True) as c:
            c.execute("GRANT claude_condition TO cgw_owner_b")
    assert m.migrate(db["cgw_owner_b"]).applied == release_ids()
    assert m.migrate(db["cgw_owner_b"]).applied == []  # and again: nothing to grant twice
    for dsn in db.values():
        with psycopg.connect(dsn) as conn:
            in_public = conn.execute(
                "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace").fetchone()
            assert in_public == (0,)

    # An agent login made by the first owner (it holds claude_agent WITH ADMIN).
    with psycopg.connect(as_owner["cgw_owner_a"], autocommit=True) as c:
        c.execute("CREATE ROLE cgw_agent LOGIN IN ROLE claude_agent")
    for owner in as_owner:
        agent = make_conninfo(db[owner], user="cgw_agent")
        with claude_gateway.connect(agent) as gw:
            ident = gw.register_identity(identity_name=f"managed-{owner}", platform="claude-code",
                                         role_description="managed")
            assert [i.identity_id for i in gw.get_active_identities()] == [ident]
        with psycopg.connect(agent) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM claude.identities")  # the tables stay private


# Every privilege and owner in the database's claude schema, and the memberships.
# ACL entries compared as a set: their order says nothing about who may do what.
SNAPSHOT = """
SELECT 'schema', n.nspname, pg_get_userbyid(n.nspowner),
       coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(n.nspacl) x), '')
  FROM pg_namespace n WHERE n.nspname = 'claude'
UNION ALL
SELECT 'rel', c.oid::regclass::text, pg_get_userbyid(c.relowner),
       coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(c.relacl) x), '')
  FROM pg_class c WHERE c.relnamespace = 'claude'::regnamespace
UNION ALL
SELECT 'fn', p.oid::regprocedure::text, pg_get_userbyid(p.proowner),
       coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(p.proacl) x), '')
  FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
UNION ALL
SELECT 'type', t.oid::regtype::text, pg_get_userbyid(t.typowner),
       coalesce((SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(t.typacl) x), '')
  FROM pg_type t WHERE t.typnamespace = 'claude'::regnamespace AND t.typacl IS NOT NULL
UNION ALL
SELECT 'member', r.rolname, m.rolname, ''
  FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
 WHERE r.rolname LIKE 'claude\\_%' AND m.rolname LIKE 'claude\\_%'
ORDER BY 1, 2, 3, 4
"""


def snapshot(dsn: str) -> list[tuple[str, ...]]:
    with psycopg.connect(dsn) as conn:
        return [tuple(r) for r in conn.execute(SNAPSHOT).fetchall()]


def _client(name: str) -> str:
    found = find_bindir() / name
    return str(found) if found.is_file() else (shutil.which(name) or name)


@pytest.mark.pg_client_tools  # the server version's pg_dump/pg_restore (not in PG 18's server-only package)
def test_dump_and_restore_into_a_cluster_without_the_roles_then_migrate_restores_every_grant(
    fresh_cluster: Cluster, tmp_path: Path,
) -> None:
    source = fresh_cluster.url(admin=True)
    m.migrate(source)
    with claude_gateway.connect(source) as gw:
        me = gw.register_identity(identity_name="backup-me", platform="claude-code", role_description="r")
        gw.start_session(identity_id=me, project_name="backup")
    before = snapshot(source)
    granted = [row for row in before if "claude_" in row[3]]
    assert len(granted) > 50, "the snapshot sees the grants"

    dump = tmp_path / "claude.dump"
    subprocess.run([_client("pg_dump"), "-Fc", "-f", str(dump), "-d", source], check=True, timeout=300)

    target_home = Path(tempfile.mkdtemp(prefix="cgw-", dir="/tmp"))
    target_home.chmod(0o755)
    target = LocalDB(Cluster(home=target_home, port=free_port()))
    try:
        target.up()
        dsn = target.cluster.url(admin=True)
        with psycopg.connect(dsn) as conn:
            roles = conn.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'claude\\_%'").fetchone()
        assert roles == (0,), "the target cluster has no claude_* role"
        restore = subprocess.run([_client("pg_restore"), "-d", dsn, str(dump)], capture_output=True,
                                 text=True, timeout=300, check=False)
        assert 'role "claude_' in restore.stderr, "the restore reports the missing roles"
        lost = set(before) - set(snapshot(dsn))
        assert len(lost) > 50, f"the restore lost the grants to the roles ({len(lost)})"

        assert m.migrate(dsn).applied == []
        after = snapshot(dsn)
        print(f"\n[backup] {len(granted)} objects with grants to claude_* roles; lost by the restore: "
              f"{len(lost)}; after migrate, differing: {len(set(before) ^ set(after))}")
        assert after == before
        with claude_gateway.connect(dsn) as gw:
            assert [i.identity_name for i in gw.get_active_identities()] == ["backup-me"]
    finally:
        target.down()
        shutil.rmtree(target_home, ignore_errors=True)
    assert os.path.exists(dump)


# -- 0750_bounds over rows that break the new rules ----------------------------
# Migration 0750_bounds over a database whose rows break the new rules.
#
# Rows written before the bounds existed (a job's 100,000-character output, a
# blank-looking body, an identity name with a zero-width space) must not stop
# the migration: job output and error are cut with the marker, the CHECKs the
# other rows break stay NOT VALID (new rows are checked all the same), every
# other CHECK is validated.
BOUNDS_MIGRATION = "0750_bounds"

SEED = """
INSERT INTO claude.projects (project_name) VALUES ('old');
INSERT INTO claude.identities (identity_name, platform) VALUES ('old-me', 'x'), (E'old-me\\u200b', 'x');
INSERT INTO claude.sessions (identity_id, project_name)
SELECT identity_id, 'old' FROM claude.identities WHERE identity_name = 'old-me';
INSERT INTO claude.messages (from_session_id, to_session_id, subject, body)
SELECT session_id, session_id, 'old', E'\\u200b\\u3000' FROM claude.sessions;
INSERT INTO claude.scheduled_jobs (job_name, job_type, command, last_status, last_output, last_run)
VALUES ('old-job', 'maintenance', 'true', 'FAILED', repeat('o', 100000), now());
INSERT INTO claude.job_run_history (job_id, status, finished_at, output, error)
SELECT job_id, 'FAILED', now(), repeat('o', 100000), repeat('e', 70000) FROM claude.scheduled_jobs;
INSERT INTO claude.knowledge (title, description, knowledge_type)
VALUES ('old', repeat('d', 70000), 'pattern');
"""


def _apply_before_bounds_migration(dsn: str) -> None:
    with m.sql_dir() as root:
        before = [mig for mig in m.read_migrations(root) if mig.id < BOUNDS_MIGRATION]
    m.apply_first(dsn, count=len(before))


def test_old_rows_do_not_break_the_migration(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    _apply_before_bounds_migration(dsn)
    assert BOUNDS_MIGRATION not in m.applied_migrations(dsn)
    with psycopg.connect(dsn) as conn:
        conn.execute(SEED)  # type: ignore[arg-type]

    result = m.migrate(dsn)
    assert BOUNDS_MIGRATION in result.applied

    with psycopg.connect(dsn, autocommit=True) as conn:
        run = conn.execute("SELECT length(output), length(error),"
                           " output LIKE '%[cut by claude-gateway: % more characters]'"
                           " FROM claude.job_run_history").fetchone()
        assert run is not None and run[0] <= 65536 and run[1] <= 65536 and run[2], run
        job = conn.execute("SELECT length(last_output) FROM claude.scheduled_jobs").fetchone()
        assert job is not None and job[0] <= 65536
        invalid = {r[0] for r in conn.execute(
            "SELECT conname FROM pg_constraint"
            " WHERE connamespace = 'claude'::regnamespace AND NOT convalidated")}
        assert invalid == {"identities_name_is_clean", "messages_body_is_not_blank",
                           "knowledge_description_is_bounded"}, invalid
        # NOT VALID still checks new rows
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO claude.identities (identity_name, platform)"
                         " VALUES (E'new\\u200b', 'x')")
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO claude.knowledge (title, description, knowledge_type)"
                         " VALUES ('new', repeat('d', 70000), 'pattern')")
        # once the rows are fixed, the constraint validates
        conn.execute("UPDATE claude.knowledge SET description = left(description, 100)")
        conn.execute("ALTER TABLE claude.knowledge VALIDATE CONSTRAINT knowledge_description_is_bounded")
