"""Migrations applied onto a database that holds data lose none of it."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from claude_gateway import migrate as m

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

SEED = """
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


def fingerprint(dsn: str) -> dict[str, tuple[int, str]]:
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
        conn.execute(SEED)  # type: ignore[arg-type]
    before = fingerprint(dsn)
    assert all(count > 0 for count, _ in before.values()), before

    m.migrate(dsn)
    assert fingerprint(dsn) == before

    # Rolling back every migration but the first and applying them again keeps it too.
    applied = m.applied_migrations(dsn)
    assert len(applied) > 1
    for _ in range(len(applied) - 1):
        m.rollback(dsn)
    m.migrate(dsn)
    assert fingerprint(dsn) == before
