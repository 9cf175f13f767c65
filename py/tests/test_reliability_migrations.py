"""Migrations onto data made through the API.

test_cli_db.py covers from empty / roll back all / apply again (identical
catalog) and test_migrations_data.py an upgrade from the first migration over
rows inserted directly.  These add: every table filled by the API functions
and triggers themselves (receipts, run history, activity, knowledge links),
compared column by column; the re-runnable sources re-applied onto that data;
every later migration rolled back and applied again; the API still working on
the old rows; and an upgrade from the previous signatures of changed functions
leaving exactly one signature per API function.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

import claude_gateway
from claude_gateway import migrate as m


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
                                 knowledge_type="gotcha")
        gw.link_knowledge(knowledge_id=k1, related_knowledge_id=k2)
        gw.apply_knowledge(knowledge_id=k1, was_successful=True)
        gw.log_activity(source_type="commit", source_id=uuid.uuid4(), actor="mig-me",
                        activity_type="commit_pushed", title="pushed", project_name="mig")
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

    # Every migration after the first, rolled back and applied again.
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
