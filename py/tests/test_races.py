"""Races on real connections: one claim per job over 500 due jobs,
broadcasts read and acknowledged by several recipients at once.

Each thread has its own connection; conftest.race lines them up.  The one-active-
session race (12 clients) lives in test_sessions_races.py and the reminder
complete-versus-reschedule races in test_reminders_races.py.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from conftest import race

RUNNERS = 8
JOBS = 500


def _make_due_jobs(conn: psycopg.Connection, project: str, count: int) -> list[uuid.UUID]:
    """session_start jobs of a private project, due once (then not for a day)."""
    rows = conn.execute(
        "SELECT claude.create_scheduled_job(job_name => %(p)s || '-' || g, job_type => 'maintenance',"
        " command => 'true', trigger_type => 'session_start',"
        " trigger_condition => '{\"days_since_last_run\": 1}'::jsonb, priority => 1,"
        " project_name => %(p)s)"
        " FROM generate_series(1, %(n)s) g",
        {"p": project, "n": count},
    ).fetchall()
    return [r[0] for r in rows]


@pytest.mark.slow
def test_eight_runners_over_500_due_jobs_run_each_exactly_once(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("claim-race")
    jobs = _make_due_jobs(conn, project, JOBS)
    mine = set(jobs)
    won: list[list[uuid.UUID]] = [[] for _ in range(RUNNERS)]
    lost: list[Counter[str]] = [Counter() for _ in range(RUNNERS)]

    def runner(n: int, go: Callable[[], object]) -> None:
        rnd = random.Random(n)
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            while True:
                due = [
                    r[0]
                    for r in c.execute(
                        "SELECT job_id FROM claude.get_due_jobs(project_name => %s)", (project,)
                    )
                    if r[0] in mine
                ]
                if not due:
                    return
                rnd.shuffle(due)
                for job_id in due:
                    try:
                        c.execute(
                            "SELECT run_id FROM claude.claim_job(job_id => %s, only_if_due => true)",
                            (job_id,),
                        )
                    except psycopg.Error as exc:
                        lost[n][exc.sqlstate or "?"] += 1
                        continue
                    c.execute(
                        "SELECT claude.update_job_result(job_id => %s, status => 'SUCCESS',"
                        " output => %s)",
                        (job_id, f"runner {n}"),
                    )
                    won[n].append(job_id)

    race(RUNNERS, runner)

    claims = Counter(j for w in won for j in w)
    losses = sum((c for c in lost), Counter())
    print(f"\n[claim race] {RUNNERS} runners, {JOBS} jobs: {sum(claims.values())} claims won, "
          f"losers {dict(losses)}, per runner {[len(w) for w in won]}")
    assert set(losses) <= {"55000"}, losses
    assert set(claims) == mine and max(claims.values()) == 1, "every job claimed exactly once"
    history = conn.execute(
        "SELECT j.job_id, j.run_count, j.success_count, j.last_status,"
        "       count(h.run_id), count(h.run_id) FILTER (WHERE h.status = 'SUCCESS')"
        "  FROM claude.scheduled_jobs j LEFT JOIN claude.job_run_history h USING (job_id)"
        " WHERE j.job_id = ANY(%s) GROUP BY j.job_id",
        (jobs,),
    ).fetchall()
    assert len(history) == JOBS
    assert {row[1:] for row in history} == {(1, 1, "SUCCESS", 1, 1)}
    completed = conn.execute(
        "SELECT count(*), count(DISTINCT source_id) FROM claude.activity_feed"
        " WHERE source_type = 'job' AND activity_type = 'job_completed' AND source_id = ANY(%s)",
        (jobs,),
    ).fetchone()
    assert completed == (JOBS, JOBS)
    assert conn.execute(
        "SELECT count(*) FROM claude.get_due_jobs(project_name => %s) WHERE job_id = ANY(%s)",
        (project, jobs),
    ).fetchone() == (0,)


IDENTITIES = 6
THREADS_PER_IDENTITY = 2
BROADCASTS = 15


def _session(conn: psycopg.Connection, project: str, name: str) -> tuple[uuid.UUID, uuid.UUID]:
    row = conn.execute(
        "SELECT claude.register_identity(identity_name => %s, platform => 'pytest',"
        " role_description => 'racer')", (name,)
    ).fetchone()
    assert row is not None
    sess = conn.execute(
        "SELECT claude.start_session(identity_id => %s, project_name => %s)", (row[0], project)
    ).fetchone()
    assert sess is not None
    return row[0], sess[0]


@pytest.mark.slow
def test_broadcasts_read_and_acknowledged_by_six_identities_from_two_threads_each(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("bc-race")
    _, sender = _session(conn, project, unique("sender"))
    readers = [_session(conn, project, unique("reader")) for _ in range(IDENTITIES)]
    broadcasts = [
        conn.execute(
            "SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s,"
            " subject => %s, body => 'race')",
            (sender, project, f"bc-{i}"),
        ).fetchone()[0]  # type: ignore[index]
        for i in range(BROADCASTS)
    ]
    threads = IDENTITIES * THREADS_PER_IDENTITY
    # outcomes[(thread, message)] = (read outcome, ack outcome)
    outcomes: dict[tuple[int, uuid.UUID], tuple[str, str]] = {}

    def call(c: psycopg.Connection, sql: str, params: tuple[Any, ...]) -> str:
        try:
            c.execute(sql, params)
            return "ok"
        except psycopg.Error as exc:
            return exc.sqlstate or "?"

    def reader(n: int, go: Callable[[], object]) -> None:
        session = readers[n % IDENTITIES][1]
        with psycopg.connect(dsn, autocommit=True) as c:
            for mid in broadcasts:
                go()
                read = call(c, "SELECT claude.mark_message_read(message_id => %s, session_id => %s)",
                            (mid, session))
                ack = call(c, "SELECT claude.acknowledge_message(message_id => %s, session_id => %s)",
                           (mid, session))
                outcomes[(n, mid)] = (read, ack)

    race(threads, reader)

    for i in range(IDENTITIES):
        for mid in broadcasts:
            pair = [outcomes[(n, mid)] for n in range(i, threads, IDENTITIES)]
            # One acknowledgement wins, the other thread gets 55000; a read is
            # a no-op when already read, 55000 once the other thread acknowledged.
            assert sorted(ack for _, ack in pair) == ["55000", "ok"], pair
            reads = {read for read, _ in pair}
            assert "ok" in reads and reads <= {"ok", "55000"}, pair
    ids = [r[0] for r in readers]
    receipts = conn.execute(
        "SELECT identity_id, status, count(*) FROM claude.message_receipts"
        " WHERE message_id = ANY(%s) GROUP BY 1, 2",
        (broadcasts,),
    ).fetchall()
    assert sorted(receipts) == sorted((i, "acknowledged", BROADCASTS) for i in ids)
    # Every identity's first call on a broadcast is a read, so each identity
    # logs exactly one message_read and one message_acknowledged per broadcast.
    activity = conn.execute(
        "SELECT a.activity_type, a.source_id, a.actor, count(*) FROM claude.activity_feed a"
        " WHERE a.source_type = 'message' AND a.source_id = ANY(%s) GROUP BY 1, 2, 3",
        (broadcasts,),
    ).fetchall()
    assert {row[3] for row in activity} == {1}, "no activity row twice"
    per_type = Counter(row[0] for row in activity)
    assert per_type == {
        "message_sent": BROADCASTS,
        "message_read": IDENTITIES * BROADCASTS,
        "message_acknowledged": IDENTITIES * BROADCASTS,
    }
    print(f"\n[broadcast race] {IDENTITIES} identities x {THREADS_PER_IDENTITY} threads x "
          f"{BROADCASTS} broadcasts: {IDENTITIES * BROADCASTS} receipts, "
          f"{per_type['message_read']} read rows, {per_type['message_acknowledged']} ack rows, "
          "0 duplicates")


@pytest.mark.slow
def test_four_run_due_jobs_loops_run_each_due_job_once(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    """The runner itself (shell and all): jobs listed by several runners at
    once run once each, the others skip them."""
    from claude_gateway.runner import run_due_jobs

    project = unique("runner-race")
    jobs = _make_due_jobs(conn, project, 40)
    ran: list[uuid.UUID] = []
    lock = threading.Lock()

    def loop(_n: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            while c.execute(
                "SELECT count(*) FROM claude.get_due_jobs(project_name => %s) WHERE job_id = ANY(%s)",
                (project, jobs),
            ).fetchone() != (0,):
                results = run_due_jobs(c, project_name=project, echo=lambda _line: None)
                with lock:
                    ran.extend(r.job_id for r in results if r.job_id in jobs)

    race(4, loop)
    print(f"\n[runner race] 4 run_due_jobs loops over 40 jobs: {len(ran)} runs")
    assert Counter(ran) == dict.fromkeys(jobs, 1)
    assert conn.execute(
        "SELECT count(*) FROM claude.job_run_history WHERE job_id = ANY(%s)", (jobs,)
    ).fetchone() == (40,)


PROCESSORS = 4
REMINDERS = 40


@pytest.mark.slow
def test_concurrent_process_due_reminders_count_one_attempt_per_round(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    """Several sessions processing the same due reminders at once (rescheduling
    racing rescheduling and completion): each reminder is acted on once, so a
    not-done reminder loses one attempt, not one per processor."""
    project = unique("reminder-race")
    not_done = [
        conn.execute(
            "SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 day',"
            " check_type => 'sql_query', check_condition => 'SELECT false', max_reminders => 3,"
            " project_name => %s)",
            (f"open-{i}", project),
        ).fetchone()[0]  # type: ignore[index]
        for i in range(REMINDERS)
    ]
    done = [
        conn.execute(
            "SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 day',"
            " check_type => 'sql_query', check_condition => 'SELECT true', project_name => %s)",
            (f"done-{i}", project),
        ).fetchone()[0]  # type: ignore[index]
        for i in range(REMINDERS)
    ]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def processor(_n: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            rows = c.execute(
                "SELECT outcome FROM claude.process_due_reminders(project_name => %s)", (project,)
            ).fetchall()
        with lock:
            outcomes.update(r[0] for r in rows)

    race(PROCESSORS, processor)
    print(f"\n[reminder race] {PROCESSORS} processors over {2 * REMINDERS} due reminders: "
          f"{dict(outcomes)}")
    assert outcomes["rescheduled"] == REMINDERS and outcomes["done"] == REMINDERS
    assert set(outcomes) <= {"rescheduled", "done", "skipped"}
    assert conn.execute(
        "SELECT status, reminder_count, count(*) FROM claude.reminders"
        " WHERE reminder_id = ANY(%s) GROUP BY 1, 2",
        (not_done,),
    ).fetchall() == [("pending", 1, REMINDERS)]
    assert conn.execute(
        "SELECT status, count(*) FROM claude.reminders WHERE reminder_id = ANY(%s) GROUP BY 1",
        (done,),
    ).fetchall() == [("done", REMINDERS)]
    assert conn.execute(
        "SELECT activity_type, count(*) FROM claude.activity_feed"
        " WHERE source_type = 'alert' AND source_id = ANY(%s) GROUP BY 1",
        (not_done + done,),
    ).fetchall() == [("reminder_completed", REMINDERS)]
