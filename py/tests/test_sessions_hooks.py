"""`claude-gateway startup` and `end`: the Claude Code SessionStart/SessionEnd hooks,
run as real processes (real stdin pipes, real exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

DOWN = "postgresql://127.0.0.1:1/nothing?connect_timeout=2"


def cli(args: list[str], dsn: str, cache: Path, *, stdin: str | None = None, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
    full.update({"DATABASE_URL": dsn, "XDG_CACHE_HOME": str(cache)}, **(env or {}))
    return subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], input=stdin or "",
                          capture_output=True, text=True, env=full, cwd=cwd, timeout=60)


@pytest.fixture
def run(dsn: str, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    cache = tmp_path / "cache"

    def go(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        return cli(list(args), kw.pop("dsn", dsn), cache, **kw)

    go.cache = cache  # type: ignore[attr-defined]
    return go


def identity_id(conn: psycopg.Connection, name: str) -> Any:
    row = conn.execute("SELECT identity_id FROM claude.identities"
                       " WHERE identity_name = %s AND status = 'active'", (name,)).fetchone()
    return row[0] if row else None


def active_session(conn: psycopg.Connection, name: str) -> Any:
    row = conn.execute("SELECT claude.get_active_session(identity_id => %s)",
                       (identity_id(conn, name),)).fetchone()
    assert row is not None
    return row[0]


def test_startup_text_registers_the_identity_on_first_use(run: Any, conn: psycopg.Connection,
                                                          unique: Callable[[str], str]) -> None:
    me, project = unique("cli-me"), unique("cli-project")
    assert identity_id(conn, me) is None
    first = run("startup", "--identity", me, "--project", project)
    assert first.returncode == 0, first.stderr
    sid = active_session(conn, me)
    assert f"session {sid} started for {me} on {project}" in first.stdout
    row = conn.execute("SELECT platform, count(*) OVER () FROM claude.identities WHERE identity_name = %s",
                       (me,)).fetchone()
    assert row == ("claude-code", 1)

    second = run("startup", "--project", project, env={"CLAUDE_GATEWAY_IDENTITY": me})
    assert second.returncode == 0, second.stderr
    assert conn.execute("SELECT count(*) FROM claude.identities WHERE identity_name = %s",
                        (me,)).fetchone() == (1,), "the identity is found, not registered again"
    sid2 = active_session(conn, me)
    assert sid2 != sid
    summary = conn.execute("SELECT session_summary FROM claude.sessions WHERE session_id = %s",
                           (sid,)).fetchone()
    assert summary is not None and summary[0].startswith("Ended automatically")
    assert "ended automatically" in second.stdout, "the warning is in the summary's recent activity"


def test_startup_json_carries_the_whole_bundle(run: Any, conn: psycopg.Connection,
                                               unique: Callable[[str], str]) -> None:
    me, other, project = unique("cli-me"), unique("cli-other"), unique("cli-project")
    assert run("startup", "--identity", other, "--project", project).returncode == 0
    other_sid = active_session(conn, other)
    conn.execute("SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s,"
                 " subject => 'hello all', body => 'b')", (other_sid, project))
    conn.execute("SELECT claude.create_reminder(title => 'json reminder',"
                 " check_after => now() - interval '1 hour', project_name => %s)", (project,))
    res = run("startup", "--identity", me, "--project", project, "--format", "json")
    assert res.returncode == 0, res.stderr
    bundle = json.loads(res.stdout)
    assert bundle["session_id"] == str(active_session(conn, me))
    for key in ("due_reminders", "pending_messages", "due_jobs", "recent_activity", "reminder_checks"):
        assert isinstance(bundle[key], list), key
    assert [m["subject"] for m in bundle["pending_messages"]] == ["hello all"]
    assert "json reminder" in [r["title"] for r in bundle["due_reminders"]]
    assert {"reminder_id", "check_type", "check_condition"} <= bundle["due_reminders"][0].keys()


def test_startup_claude_hook_reads_the_hook_json_and_prints_hook_output(
    run: Any, conn: psycopg.Connection, tmp_path: Path, unique: Callable[[str], str]
) -> None:
    me = unique("cli-hook")
    repo = tmp_path / unique("repo")
    (repo / ".git").mkdir(parents=True)
    (repo / "src" / "deep").mkdir(parents=True)
    claude_sid = str(uuid.uuid4())
    hook = {"session_id": claude_sid, "cwd": str(repo / "src" / "deep"), "source": "startup",
            "hook_event_name": "SessionStart", "transcript_path": "/dev/null"}
    res = run("startup", "--identity", me, "--format", "claude-hook", stdin=json.dumps(hook), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"hookSpecificOutput"}
    assert set(out["hookSpecificOutput"]) == {"hookEventName", "additionalContext"}
    assert out["hookSpecificOutput"]["hookEventName"] == "SessionStart"
    context = out["hookSpecificOutput"]["additionalContext"]
    sid = active_session(conn, me)
    assert f"session {sid} started for {me} on {repo.name}" in context, "project: the hook cwd's git root"
    state = json.loads((run.cache / "claude-gateway" / "sessions" / f"{me}@{repo.name}.json").read_text())
    assert state["session_id"] == str(sid) and state["claude_session_id"] == claude_sid


def test_database_down_never_blocks_the_hook(run: Any, unique: Callable[[str], str]) -> None:
    hook = run("startup", "--identity", unique("cli-down"), "--project", "p", "--format", "claude-hook",
               "--connect-timeout", "2", dsn=DOWN)
    assert hook.returncode == 0
    out = json.loads(hook.stdout)
    context = out["hookSpecificOutput"]["additionalContext"]
    assert "cannot connect" in context and "continuing without it" in context
    assert len(context.splitlines()) == 1

    text = run("startup", "--identity", unique("cli-down"), "--project", "p", dsn=DOWN)
    assert text.returncode == 1
    assert text.stderr.startswith("error: cannot connect") and "\nhint: " in text.stderr

    end = run("end", "--identity", unique("cli-down"), "--format", "claude-hook", dsn=DOWN)
    assert end.returncode == 0 and end.stderr.startswith("warning: ")


def test_reminders_are_checked_on_the_client(run: Any, conn: psycopg.Connection, tmp_path: Path,
                                             unique: Callable[[str], str]) -> None:
    me, project = unique("cli-rem"), unique("cli-rem-project")
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "DONE.txt").write_text("yes")

    def reminder(title: str, check_type: str, condition: str | None) -> Any:
        row = conn.execute(
            "SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 hour',"
            " check_type => %s, check_condition => %s, project_name => %s)",
            (title, check_type, condition, project)).fetchone()
        assert row is not None
        return row[0]

    present = reminder("file there", "file_exists", "DONE.txt")
    missing = reminder("file missing", "file_exists", str(tmp_path / "nope.txt"))
    query = reminder("query true", "sql_query", "SELECT true")
    manual = reminder("ask me", "manual", None)
    hook = {"session_id": "x", "cwd": str(tmp_path / "work"), "hook_event_name": "SessionStart"}
    res = run("startup", "--identity", me, "--project", project, "--format", "json", stdin=json.dumps(hook))
    assert res.returncode == 0, res.stderr
    outcomes = {c["title"]: c["outcome"] for c in json.loads(res.stdout)["reminder_checks"]}
    assert outcomes == {"file there": "done", "file missing": "rescheduled", "query true": "done",
                        "ask me": "manual"}
    states = dict(conn.execute(
        "SELECT reminder_id, status || '/' || reminder_count FROM claude.reminders"
        " WHERE reminder_id = ANY(%s)",
        ([present, missing, query, manual],)).fetchall())
    assert states == {present: "done/0", missing: "pending/1", query: "done/0", manual: "pending/0"}


def test_a_slow_reminder_condition_is_charged_to_itself_and_the_others_are_decided(
    run: Any, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    me, project = unique("cli-slow"), unique("cli-slow-project")
    row = conn.execute(
        "SELECT claude.create_reminder(title => 'slow', check_after => now() - interval '2 hours',"
        " check_type => 'sql_query', check_condition => 'SELECT pg_sleep(20) IS NULL', project_name => %s)",
        (project,)).fetchone()
    fine = conn.execute(
        "SELECT claude.create_reminder(title => 'fine', check_after => now() - interval '1 hour',"
        " check_type => 'sql_query', check_condition => 'SELECT true', project_name => %s)",
        (project,)).fetchone()
    assert row is not None and fine is not None
    res = run("startup", "--identity", me, "--project", project, "--timeout", "0.5", "--format", "json")
    assert res.returncode == 0, res.stderr
    bundle = json.loads(res.stdout)
    assert bundle["session_id"] == str(active_session(conn, me)), "the session started anyway"
    outcomes = {c["title"]: c["outcome"] for c in bundle["reminder_checks"]}
    assert outcomes == {"slow": "timed_out", "fine": "done"}, bundle["reminder_checks"]
    assert any("57014" in w for w in bundle["warnings"]), bundle["warnings"]
    state = conn.execute("SELECT status, reminder_count, last_check_error FROM claude.reminders"
                         " WHERE reminder_id = %s", (row[0],)).fetchone()
    assert state is not None and state[:2] == ("pending", 1), "the timeout counts as one attempt"
    assert "57014" in state[2], "and is recorded on the reminder for people to see"
    done = conn.execute("SELECT status FROM claude.reminders WHERE reminder_id = %s", (fine[0],)).fetchone()
    assert done == ("done",), "the other reminder was decided in the same start"


def test_end_ends_the_session_and_runs_session_end_jobs(run: Any, conn: psycopg.Connection,
                                                        unique: Callable[[str], str]) -> None:
    me, project = unique("cli-end"), unique("cli-end-project")
    job_name = unique("bye")
    conn.execute("SELECT claude.create_scheduled_job(job_name => %s, job_type => 'sync',"
                 " command => 'echo bye', trigger_type => 'session_end', project_name => %s)",
                 (job_name, project))
    assert run("startup", "--identity", me, "--project", project).returncode == 0
    sid = active_session(conn, me)
    state = run.cache / "claude-gateway" / "sessions" / f"{me}@{project}.json"
    assert state.exists()

    no_summary = run("end", "--identity", me, "--project", project)
    assert no_summary.returncode == 1 and no_summary.stderr.startswith("error: --summary is required")

    res = run("end", "--identity", me, "--project", project, "--summary", "did it", "--task", "t1",
              "--task", "t2", "--learning", "l1", "--challenge", "c1")
    assert res.returncode == 0, res.stderr
    assert f"session {sid} of {me} on {project} ended" in res.stdout and f"{job_name} SUCCESS" in res.stdout
    row = conn.execute("SELECT session_end IS NOT NULL, session_summary, tasks_completed, learnings_gained,"
                       " challenges_encountered FROM claude.sessions WHERE session_id = %s",
                       (sid,)).fetchone()
    assert row == (True, "did it", ["t1", "t2"], ["l1"], ["c1"])
    job = conn.execute("SELECT last_status, last_output FROM claude.scheduled_jobs WHERE job_name = %s",
                       (job_name,)).fetchone()
    assert job is not None and job[0] == "SUCCESS" and job[1].strip() == "bye"
    assert not state.exists(), "the state file is removed"

    again = run("end", "--identity", me, "--project", project, "--summary", "again")
    assert again.returncode == 1 and "no active session" in again.stderr and "hint: " in again.stderr


def test_end_from_the_hook_uses_the_reason_and_spares_a_newer_session(
    run: Any, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    me, project = unique("cli-endhook"), unique("cli-endhook-project")
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    hook = {"cwd": "/", "hook_event_name": "SessionStart", "source": "startup"}
    assert run("startup", "--identity", me, "--project", project, "--format", "claude-hook",
               stdin=json.dumps({**hook, "session_id": first})).returncode == 0
    assert run("startup", "--identity", me, "--project", project, "--format", "claude-hook",
               stdin=json.dumps({**hook, "session_id": second})).returncode == 0
    newer = active_session(conn, me)

    stale = run("end", "--identity", me, "--project", project, "--format", "claude-hook",
                stdin=json.dumps({"session_id": first, "reason": "logout", "hook_event_name": "SessionEnd"}))
    assert stale.returncode == 0, stale.stderr
    assert "nothing ended" in stale.stdout
    assert active_session(conn, me) == newer, "the first Claude Code session's end spares the newer session"

    res = run("end", "--identity", me, "--project", project, "--format", "claude-hook",
              stdin=json.dumps({"session_id": second, "reason": "logout", "hook_event_name": "SessionEnd"}))
    assert res.returncode == 0, res.stderr
    row = conn.execute("SELECT session_summary FROM claude.sessions WHERE session_id = %s",
                       (newer,)).fetchone()
    assert row == ("Claude Code session ended (logout)",)
    assert active_session(conn, me) is None
