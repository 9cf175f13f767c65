"""A job runner killed with SIGKILL mid-job: the run stays RUNNING until
recover_stale_jobs finds it past its timeout, then the retry succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from conftest import alive, one, wait_for

from claude_gateway.runner import execute_job

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
    job = one(
        conn,
        "SELECT claude.create_scheduled_job(job_name => %s, job_type => 'maintenance', command => %s,"
        " trigger_type => 'session_start', trigger_condition => '{\"days_since_last_run\": 1}',"
        " timeout_seconds => 1, retry_on_failure => true, max_retries => 2, project_name => %s)",
        (unique("sigkill-job"), command, project),
    )
    runner = subprocess.Popen([sys.executable, "-c", RUNNER, dsn, str(job)], start_new_session=True)
    try:
        wait_for("the job's command to start",
                  lambda: pidfile.exists() and pidfile.read_text().strip() != "")
        assert one(conn, "SELECT last_status FROM claude.scheduled_jobs WHERE job_id = %s", (job,)) \
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
    wait_for("the killed command to go", lambda: not alive(child))

    # The run is stuck RUNNING: nobody will report it, and nobody may claim it.
    assert one(conn, "SELECT last_status FROM claude.scheduled_jobs WHERE job_id = %s", (job,)) \
        == "RUNNING"
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
        conn.execute("SELECT claude.claim_job(job_id => %s)", (job,))
    # Not stale before its timeout plus grace; then backdate it past the timeout.
    conn.execute("SELECT claude.recover_stale_jobs(grace_seconds => 3600)")
    assert one(conn, "SELECT last_status FROM claude.scheduled_jobs WHERE job_id = %s", (job,)) \
        == "RUNNING"
    conn.execute("UPDATE claude.job_run_history SET started_at = started_at - interval '1 minute'"
                 " WHERE job_id = %s", (job,))
    conn.execute("UPDATE claude.scheduled_jobs SET last_run = last_run - interval '1 minute'"
                 " WHERE job_id = %s", (job,))
    recovered = one(conn, "SELECT claude.recover_stale_jobs(grace_seconds => 0)")
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
    assert one(conn, "SELECT count(*) FROM claude.activity_feed WHERE source_type = 'job'"
                      " AND source_id = %s AND activity_type = 'job_failed'", (job,)) == 1

    # Not due until retry_at; then the scheduler lists it again, and the retry succeeds.
    def due() -> list[uuid.UUID]:
        return [r[0] for r in conn.execute(
            "SELECT job_id FROM claude.get_due_jobs(project_name => %s)", (project,))]

    assert job not in due()
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
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
