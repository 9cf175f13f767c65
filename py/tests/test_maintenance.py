"""Maintenance on a schedule: claude.run_maintenance() run by pg_cron
where the server has it, else by `claude-gateway maintain` (cron, systemd timer).

The pg_cron test starts a throwaway cluster on Debian's PostgreSQL that has
pg_cron (postgresql-15-cron) with shared_preload_libraries and
cron.database_name, whatever server the rest of the suite runs on.
"""

from __future__ import annotations

import glob
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from _cluster import run_cli

import claude_gateway
from claude_gateway import localdb


def _expired_message(url: str) -> uuid.UUID:
    """A direct message whose expiry has passed (still pending)."""
    with claude_gateway.connect(url) as gw:
        tag = uuid.uuid4().hex[:8]
        a = gw.register_identity(identity_name=f"mt-a-{tag}", platform="test", role_description="a")
        b = gw.register_identity(identity_name=f"mt-b-{tag}", platform="test", role_description="b")
        sa = gw.start_session(identity_id=a, project_name=f"mt-{tag}")
        sb = gw.start_session(identity_id=b, project_name=f"mt-{tag}")
        mid = gw.send_message(from_session_id=sa, to_session_id=sb, subject="old", body="b")
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("UPDATE claude.messages SET expires_at = now() - interval '1 day' WHERE message_id = %s",
                  (mid,))
    return mid


def _status(url: str, mid: uuid.UUID) -> str:
    with psycopg.connect(url, autocommit=True) as c:
        return str(c.execute("SELECT status FROM claude.messages WHERE message_id = %s",
                             (mid,)).fetchone()[0])  # type: ignore[index]


def test_maintain_runs_the_maintenance_once(dsn: str, login_role: Callable[[str], str]) -> None:
    mid = _expired_message(dsn)
    res = run_cli("maintain", "--json", env={"DATABASE_URL": login_role("claude_admin")})
    rows = json.loads(res.stdout)
    assert [r["task"] for r in rows] == ["expire_messages", "recover_stale_jobs",
                                          "end_abandoned_sessions", "escalate_overdue_questions",
                                          "archive_activity"]
    assert rows[0]["affected"] >= 1
    assert _status(dsn, mid) == "expired"
    text = run_cli("maintain", env={"DATABASE_URL": dsn}).stdout
    assert text.startswith("expire_messages 0, recover_stale_jobs ")


def test_maintain_is_admin_only_and_fails_cleanly(login_role: Callable[[str], str]) -> None:
    res = run_cli("maintain", env={"DATABASE_URL": login_role("claude_agent")}, check=False)
    assert res.returncode == 1
    assert "permission denied" in res.stderr and "run_maintenance" in res.stderr
    assert "Traceback" not in res.stderr


def test_install_pg_cron_without_pg_cron_points_to_the_command(dsn: str) -> None:
    with psycopg.connect(dsn) as c:
        preloaded = c.execute("SHOW shared_preload_libraries").fetchone()[0]  # type: ignore[index]
    assert "pg_cron" not in preloaded, "the test server is expected to run without pg_cron"
    res = run_cli("maintain", "--install-pg-cron", env={"DATABASE_URL": dsn}, check=False)
    assert res.returncode == 2
    assert "claude-gateway maintain" in res.stderr and "OPERATIONS.md" in res.stderr
    assert "Traceback" not in res.stderr


def _pg_cron_bindir() -> str:
    libs = sorted(glob.glob("/usr/lib/postgresql/*/lib/pg_cron.so"))
    assert libs, "pg_cron is not installed: scripts/setup.sh installs postgresql-15-cron"
    return str(Path(libs[-1]).parents[1] / "bin")


def test_pg_cron_runs_the_maintenance(throwaway_cluster: dict[str, str]) -> None:
    env = dict(throwaway_cluster, PG_BINDIR=_pg_cron_bindir())
    try:
        _pg_cron_runs_the_maintenance(env)
    finally:
        run_cli("db", "down", env=env, check=False)  # with the binaries that started it


def _pg_cron_runs_the_maintenance(env: dict[str, str]) -> None:
    run_cli("db", "up", env=env)
    cluster = localdb.Cluster(home=Path(env["CLAUDE_GATEWAY_HOME"]), port=int(env["CLAUDE_GATEWAY_PORT"]))
    with (cluster.datadir / "postgresql.conf").open("a") as conf:
        conf.write("shared_preload_libraries = 'pg_cron'\n"
                   "cron.database_name = 'postgres'\n"
                   "cron.use_background_workers = on\n")
    run_cli("db", "down", env=env)
    run_cli("db", "up", env=env)
    run_cli("migrate", env=env)
    url = cluster.url(admin=True)  # the owner: it edits a table and schedules the pg_cron job
    mid = _expired_message(url)

    res = run_cli("maintain", "--install-pg-cron", "--schedule", "* * * * *", "--json",
                  env={**env, "DATABASE_URL": url})
    job = json.loads(res.stdout)["pg_cron_job"]
    again = run_cli("maintain", "--install-pg-cron", "--schedule", "* * * * *", "--json",
                    env={**env, "DATABASE_URL": url})
    job = json.loads(again.stdout)["pg_cron_job"]  # re-installing replaces the job
    with psycopg.connect(cluster.url("postgres", admin=True), autocommit=True) as cron:
        jobs = cron.execute("SELECT jobid, command, database FROM cron.job").fetchall()
        assert jobs == [(job, "SELECT * FROM claude.run_maintenance()", "claude_gateway")]
        # pg_cron runs it at the next minute boundary.
        deadline = time.monotonic() + 150
        while True:
            runs = cron.execute("SELECT status, return_message FROM cron.job_run_details WHERE jobid = %s"
                                " AND status IN ('succeeded', 'failed')", (job,)).fetchall()
            if runs:
                break
            if time.monotonic() > deadline:
                pytest.fail("pg_cron did not run the job within 150 s (a hang, not a timing assertion)")
            time.sleep(1)
    assert runs[0][0] == "succeeded", runs
    assert _status(url, mid) == "expired"

    res = run_cli("maintain", "--uninstall-pg-cron", "--json", env={**env, "DATABASE_URL": url})
    assert json.loads(res.stdout) == {"removed": 1}
    with psycopg.connect(cluster.url("postgres", admin=True), autocommit=True) as cron:
        assert cron.execute("SELECT count(*) FROM cron.job").fetchone() == (0,)
