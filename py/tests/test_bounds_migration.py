"""Migration 0750_bounds over a database whose rows break the new rules (issue #13).

Rows written before the bounds existed (a job's 100,000-character output, a
blank-looking body, an identity name with a zero-width space) must not stop
the migration: job output and error are cut with the marker, the CHECKs the
other rows break stay NOT VALID (new rows are checked all the same), every
other CHECK is validated.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from claude_gateway import migrate as m

BOUNDS = "0750_bounds"

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


def _apply_before_bounds(dsn: str) -> None:
    with m.sql_dir() as root:
        before = [mig for mig in m.read_migrations(root) if mig.id < BOUNDS]
    m.apply_first(dsn, count=len(before))


def test_old_rows_do_not_break_the_migration(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    _apply_before_bounds(dsn)
    assert BOUNDS not in m.applied_migrations(dsn)
    with psycopg.connect(dsn) as conn:
        conn.execute(SEED)  # type: ignore[arg-type]

    result = m.migrate(dsn)
    assert BOUNDS in result.applied

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
