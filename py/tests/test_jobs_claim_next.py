"""claim_next_job under races, on real connections (conftest.race lines the runners up).

Runners that do not care which job they get take "the next one" with
FOR UPDATE SKIP LOCKED: no runner waits for another, no due run is taken
twice, none is left behind, and a run whose runner died is recovered by
exactly one of the racing claims.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime

import psycopg
import pytest
from conftest import race

RUNNERS = 8
JOBS = 400

CLAIM = ("SELECT job_id, run_id FROM claude.claim_next_job(project_name => %s,"
         " not_run_since => %s, grace_seconds => %s)")


def _due_once_jobs(conn: psycopg.Connection, project: str, count: int,
                   trigger: str = "session_start") -> list[uuid.UUID]:
    """Jobs of a private project that are due now and, once run, not again for a day."""
    if trigger == "schedule":
        sql = ("SELECT claude.create_scheduled_job(job_name => %(p)s || '-' || g, job_type => 'maintenance',"
               " command => 'true', trigger_type => 'schedule', schedule => '0 0 1 1 *',"
               " priority => 1 + g %% 3, project_name => %(p)s) FROM generate_series(1, %(n)s) g")
    else:
        sql = ("SELECT claude.create_scheduled_job(job_name => %(p)s || '-' || g, job_type => 'maintenance',"
               " command => 'true', trigger_type => 'session_start',"
               " trigger_condition => '{\"days_since_last_run\": 1}'::jsonb, priority => 1 + g %% 3,"
               " project_name => %(p)s) FROM generate_series(1, %(n)s) g")
    jobs = [r[0] for r in conn.execute(sql, {"p": project, "n": count}).fetchall()]
    if trigger == "schedule":  # due now: the next run was a minute ago
        conn.execute("UPDATE claude.scheduled_jobs SET next_run = now() - interval '1 minute'"
                     " WHERE job_id = ANY(%s)", (jobs,))
    return jobs


@pytest.mark.slow
@pytest.mark.parametrize("trigger", ["session_start", "schedule"])
def test_runners_claiming_the_next_job_run_every_due_run_exactly_once(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str], trigger: str
) -> None:
    project = unique("next-race")
    jobs = _due_once_jobs(conn, project, JOBS, trigger)
    mine = set(jobs)
    since: datetime = conn.execute("SELECT now()").fetchone()[0]  # type: ignore[index]
    ran: list[list[uuid.UUID]] = [[] for _ in range(RUNNERS)]

    def runner(n: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            while True:
                row = c.execute(CLAIM, (project, since, 60)).fetchone()
                if row is None or row[0] is None:
                    return
                job_id, run_id = row
                c.execute("SELECT claude.update_job_result(job_id => %s, status => 'SUCCESS',"
                          " run_id => %s)", (job_id, run_id))
                if job_id in mine:
                    ran[n].append(job_id)

    race(RUNNERS, runner)
    every = [j for r in ran for j in r]
    counts = Counter(every)
    busy = sum(1 for r in ran if r)
    print(f"\n[claim_next_job race, {trigger}] {RUNNERS} runners over {JOBS} due jobs: "
          f"{len(every)} runs, {len(counts)} distinct, {busy} runners got work")
    assert counts == dict.fromkeys(jobs, 1), "every due run exactly once"
    assert busy > 1, "the work was shared (SKIP LOCKED), not serialised onto one runner"
    history = conn.execute(
        "SELECT status, count(*) FROM claude.job_run_history WHERE job_id = ANY(%s) GROUP BY 1",
        (jobs,)).fetchall()
    assert history == [("SUCCESS", JOBS)]
    completed = conn.execute(
        "SELECT count(*) FROM claude.activity_feed WHERE source_type = 'job'"
        " AND activity_type = 'job_completed' AND source_id = ANY(%s)", (jobs,)).fetchone()
    assert completed == (JOBS,), "one job_completed activity row per run"
    assert conn.execute(
        "SELECT count(*) FROM claude.scheduled_jobs WHERE job_id = ANY(%s)"
        " AND (run_count, success_count, last_status) = (1, 1, 'SUCCESS')", (jobs,)).fetchone() == (JOBS,)
    left = conn.execute("SELECT count(*) FROM claude.get_due_jobs(project_name => %s)"
                        " WHERE job_id = ANY(%s)", (project, jobs)).fetchone()
    assert left == (0,), "nothing due is left behind"


@pytest.mark.slow
def test_racing_claims_recover_a_dead_runners_run_once(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    project = unique("next-stale")
    (job,) = _due_once_jobs(conn, project, 1)
    conn.execute("UPDATE claude.scheduled_jobs SET trigger_condition = '{}', timeout_seconds = 1"
                 " WHERE job_id = %s", (job,))
    first = conn.execute(CLAIM, (project, None, 0)).fetchone()
    assert first is not None and first[0] == job
    # The runner "dies": its run stays open; make it older than timeout + grace.
    conn.execute("UPDATE claude.scheduled_jobs SET last_run = now() - interval '1 hour'"
                 " WHERE job_id = %s", (job,))
    conn.execute("UPDATE claude.job_run_history SET started_at = now() - interval '1 hour'"
                 " WHERE job_id = %s AND status = 'RUNNING'", (job,))
    got: list[uuid.UUID | None] = [None] * RUNNERS

    def claimer(n: int, go: Callable[[], object]) -> None:
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            row = c.execute(CLAIM, (project, None, 0)).fetchone()
            got[n] = row[1] if row and row[0] == job else None

    race(RUNNERS, claimer)
    winners = [g for g in got if g is not None]
    assert len(winners) == 1, f"exactly one claim recovers and re-claims the job: {got}"
    history = conn.execute("SELECT run_id, status FROM claude.job_run_history WHERE job_id = %s"
                           " ORDER BY started_at", (job,)).fetchall()
    assert history == [(first[1], "TIMEOUT"), (winners[0], "RUNNING")]
    # The dead runner comes back and reports: refused, the new run is untouched.
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
        conn.execute("SELECT claude.update_job_result(job_id => %s, status => 'SUCCESS', run_id => %s)",
                     (job, first[1]))
    assert conn.execute("SELECT status FROM claude.job_run_history WHERE run_id = %s",
                        (winners[0],)).fetchone() == ("RUNNING",)
