"""The job runner: claim, run through the shell, report, retry; and racing claims."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from conftest import alive, race_sql

from claude_gateway.cli import main
from claude_gateway.runner import execute_job, run_due_jobs

MakeJob = Callable[..., uuid.UUID]


@pytest.fixture
def make_job(conn: psycopg.Connection, unique: Callable[[str], str]) -> MakeJob:
    """Create a job through the API; on_demand unless told, so no other test sees it as due."""

    def make(command: str, **kwargs: Any) -> uuid.UUID:
        kwargs.setdefault("trigger_type", "on_demand")
        kwargs.setdefault("job_type", "maintenance")
        kwargs.setdefault("job_name", unique("runner"))
        if "metadata" in kwargs:
            kwargs["metadata"] = psycopg.types.json.Jsonb(kwargs["metadata"])
        names = ", ".join(f"{k} => %({k})s" for k in kwargs)
        row = conn.execute(
            f"SELECT claude.create_scheduled_job(command => %(command)s, {names})",
            {"command": command, **kwargs},
        ).fetchone()
        assert row is not None
        return row[0]

    return make


def job_row(conn: psycopg.Connection, job_id: uuid.UUID) -> dict[str, Any]:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        cur.execute("SELECT * FROM claude.scheduled_jobs WHERE job_id = %s", (job_id,))
        row = cur.fetchone()
    assert row is not None
    return row


def runs(conn: psycopg.Connection, job_id: uuid.UUID) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT attempt, status, output, error, session_id FROM claude.job_run_history"
        " WHERE job_id = %s ORDER BY started_at, attempt",
        (job_id,),
    ).fetchall()


def test_success_captures_output_and_reports(conn: psycopg.Connection, make_job: MakeJob,
                                             unique: Callable[[str], str]) -> None:
    project = unique("p")
    conn.execute("INSERT INTO claude.projects (project_name) VALUES (%s)", (project,))
    ident = conn.execute("INSERT INTO claude.identities (identity_name, platform)"
                         " VALUES (%s, 'test') RETURNING identity_id", (unique("id"),)).fetchone()
    assert ident is not None
    sess = conn.execute("INSERT INTO claude.sessions (identity_id, project_name) VALUES (%s, %s)"
                        " RETURNING session_id", (ident[0], project)).fetchone()
    assert sess is not None
    job = make_job("echo hello; echo careful >&2")
    result = execute_job(conn, job, sess[0])
    assert (result.status, result.exit_code, result.output, result.error) == (
        "SUCCESS", 0, "hello\n", "careful\n")
    assert result.ok and len(result.attempts) == 1
    row = job_row(conn, job)
    assert (row["last_status"], row["run_count"], row["success_count"]) == ("SUCCESS", 1, 1)
    assert row["last_output"] == "hello\n"
    assert runs(conn, job) == [(1, "SUCCESS", "hello\n", "careful\n", sess[0])]


def test_failure_retries_until_max_retries(conn: psycopg.Connection, make_job: MakeJob) -> None:
    job = make_job("echo trying; exit 3", retry_on_failure=True, max_retries=2,
                   metadata={"retry_backoff_seconds": 0})
    result = execute_job(conn, job)
    assert result.status == "FAILED" and result.exit_code == 3
    assert [a.attempt for a in result.attempts] == [1, 2, 3]
    assert "exit status 3" in result.error
    assert result.retry_at is None
    row = job_row(conn, job)
    assert (row["last_status"], row["run_count"], row["success_count"], row["retry_count"]) == (
        "FAILED", 3, 0, 0)
    assert [(r[0], r[1]) for r in runs(conn, job)] == [(1, "FAILED"), (2, "FAILED"), (3, "FAILED")]


def test_retry_succeeds_on_second_attempt(conn: psycopg.Connection, make_job: MakeJob,
                                          tmp_path: Path) -> None:
    counter = tmp_path / "n"
    job = make_job(f"n=$(cat {counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {counter};"
                   " test $n -ge 2", retry_on_failure=True, max_retries=5,
                   metadata={"retry_backoff_seconds": 0})
    result = execute_job(conn, job)
    assert result.status == "SUCCESS"
    assert [(a.attempt, a.status) for a in result.attempts] == [(1, "FAILED"), (2, "SUCCESS")]
    assert job_row(conn, job)["retry_count"] == 0


def test_no_retry_without_retry_on_failure(conn: psycopg.Connection, make_job: MakeJob) -> None:
    job = make_job("exit 1", metadata={"retry_backoff_seconds": 0})
    result = execute_job(conn, job)
    assert result.status == "FAILED" and len(result.attempts) == 1


def test_retry_waits_for_retry_at_or_leaves_it_to_the_scheduler(
        conn: psycopg.Connection, make_job: MakeJob) -> None:
    waits: list[float] = []
    job = make_job("exit 1", retry_on_failure=True, max_retries=1,
                   metadata={"retry_backoff_seconds": 5})
    result = execute_job(conn, job, max_retry_wait=10, sleep=waits.append)
    assert len(result.attempts) == 2 and len(waits) == 1 and 0 < waits[0] <= 5

    later = make_job("exit 1", retry_on_failure=True, max_retries=1)   # default base 60 s
    result = execute_job(conn, later, max_retry_wait=10, sleep=waits.append)
    assert len(result.attempts) == 1 and len(waits) == 1
    assert result.retry_at is not None
    assert result.retry_at == job_row(conn, later)["retry_at"]


def test_timeout_kills_the_process_group(conn: psycopg.Connection, make_job: MakeJob,
                                         tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    job = make_job(f"trap '' TERM; sleep 60 & echo $! > {pidfile}; echo started; wait",
                   timeout_seconds=1)
    result = execute_job(conn, job, term_grace=0.5)
    assert result.status == "TIMEOUT"
    assert result.output == "started\n"
    assert "timed out" in result.error
    child = int(pidfile.read_text())
    assert not alive(child), "the child that ignored SIGTERM was killed with the group"
    row = job_row(conn, job)
    assert (row["last_status"], row["run_count"]) == ("TIMEOUT", 1)


def test_working_directory_is_honoured(conn: psycopg.Connection, make_job: MakeJob,
                                       tmp_path: Path) -> None:
    (tmp_path / "marker.txt").write_text("here")
    job = make_job("pwd; cat marker.txt", working_directory=str(tmp_path))
    result = execute_job(conn, job)
    assert result.status == "SUCCESS"
    assert result.output == f"{os.path.realpath(tmp_path)}\nhere"

    missing = make_job("true", working_directory=str(tmp_path / "nope"))
    result = execute_job(conn, missing)
    assert result.status == "FAILED" and "cannot start" in result.error


def test_huge_and_binary_output_is_bounded_and_safe(conn: psycopg.Connection,
                                                    make_job: MakeJob) -> None:
    job = make_job("head -c 3000000 /dev/zero | tr '\\0' a; printf 'END'; printf '\\377\\000x' >&2")
    result = execute_job(conn, job, max_output=10_000)
    assert result.status == "SUCCESS"
    assert result.output.startswith("a" * 5000) and result.output.endswith("aaEND")
    assert "bytes omitted" in result.output
    assert len(result.output) < 10_100
    assert result.error == "\ufffd\ufffdx"
    assert job_row(conn, job)["last_output"] == result.output


def test_eight_connections_race_to_claim_one_job(dsn: str, make_job: MakeJob) -> None:
    job = make_job("true")
    outcomes = race_sql(dsn, [("SELECT * FROM claude.claim_job(job_id => %s)", (job,))] * 8)
    assert sorted(outcomes) == ["55000"] * 7 + ["ok"]


def test_run_due_jobs_and_the_cli(conn: psycopg.Connection, make_job: MakeJob, dsn: str,
                                  unique: Callable[[str], str]) -> None:
    project = unique("proj")
    first = make_job("echo one", trigger_type="session_start", project_name=project, priority=1)
    second = make_job("exit 4", trigger_type="session_start", project_name=project, priority=2)
    lines: list[str] = []
    results = run_due_jobs(conn, project_name=project, echo=lines.append)
    mine = {r.job_id: r.status for r in results if r.job_id in (first, second)}
    assert mine == {first: "SUCCESS", second: "FAILED"}
    assert any(": SUCCESS in " in line for line in lines)
    assert "job(s) run:" in lines[-1]

    # The CLI: both jobs are due again (no trigger_condition), the failure exits 1.
    res = CliRunner().invoke(main, ["run-jobs", "--project", project], env={"DATABASE_URL": dsn})
    assert res.exit_code == 1, res.output
    assert "SUCCESS" in res.output and "FAILED" in res.output and "succeeded" in res.output

    res = CliRunner().invoke(main, ["run-jobs", "--project", unique("unknown")],
                             env={"DATABASE_URL": dsn})
    assert res.exit_code == 1 and "does not exist" in res.output
