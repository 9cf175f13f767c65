"""Races between job runners on real connections: one claim per job over 500 due jobs,
and run_due_jobs loops racing over the same due jobs (each thread has its own
connection; conftest.race lines them up).  Runners taking "the next job":
test_jobs_claim_next.py."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from collections.abc import Callable

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
