"""The real Claude Code (pinned `@anthropic-ai/claude-code`, installed by scripts/setup.sh into
build/claude-code) in a temporary project set up with `claude-gateway install claude-code`.

`claude -p` runs its hooks and starts MCP servers without a login (it then prints "Not
logged in"), so everything but the model's answer runs for real.  HOME is a temporary
directory: nothing of the machine's own Claude Code configuration is read or changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

REPO = Path(__file__).resolve().parents[2]
CLAUDE = Path(os.environ.get("CLAUDE_CODE_BIN") or REPO / "build" / "claude-code" / "node_modules" / ".bin"
              / "claude")
GATEWAY = Path(sys.executable).parent / "claude-gateway"


@pytest.fixture
def project(tmp_path: Path, dsn: str, unique: Callable[[str], str]) -> dict[str, Any]:
    assert CLAUDE.exists(), f"{CLAUDE} is missing: run scripts/setup.sh (it installs Claude Code)"
    home, work = tmp_path / "home", tmp_path / unique("proj")
    home.mkdir()
    work.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
           "DATABASE_URL": dsn, "PATH": f"{GATEWAY.parent}:{os.environ.get('PATH', '')}",
           "DISABLE_AUTOUPDATER": "1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
           # a busy CI machine may need more than the 0.9 s after which the hook gives up
           # (giving up is tested in test_claude_code_integration.py)
           "CLAUDE_GATEWAY_HOOK_BUDGET": "20"}
    for key in ("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "CLAUDECODE"):
        env.pop(key, None)
    identity = unique("cc-agent")
    out = subprocess.run([str(GATEWAY), "install", "claude-code", "--identity", identity],
                         cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert "hooks.SessionStart" in out and ".mcp.json" in out
    return {"dir": work, "env": env, "identity": identity, "project": work.name}


def sessions(conn: psycopg.Connection, identity: str) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT s.session_id, s.session_end IS NULL AS open FROM claude.sessions s"
        " JOIN claude.identities i USING (identity_id) WHERE i.identity_name = %s"
        " ORDER BY s.session_start", (identity,)).fetchall()


def claude(p: dict[str, Any], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLAUDE), *args], cwd=p["dir"], env=p["env"], input=stdin,
                          capture_output=True, text=True, timeout=120)


def settle(conn: psycopg.Connection, identity: str, seconds: float = 5.0) -> list[tuple[Any, ...]]:
    """The sessions once no MCP server or hook of the run can still change them."""
    time.sleep(seconds)
    return sessions(conn, identity)


def test_each_run_starts_and_ends_one_session_and_mcp_list_changes_nothing(
        project: dict[str, Any], conn: psycopg.Connection) -> None:
    identity = project["identity"]
    listed = claude(project, "mcp", "list")
    assert "claude-gateway" in listed.stdout and "Connected" in listed.stdout, listed.stdout
    # the health check started the server, which registered nothing and started nothing
    assert conn.execute("SELECT count(*) FROM claude.identities WHERE identity_name = %s",
                        (identity,)).fetchone()[0] == 0  # type: ignore[index]

    for run in (1, 2):
        res = claude(project, "-p", "hi")
        assert "Not logged in" in res.stdout + res.stderr
        rows = settle(conn, identity)
        assert len(rows) == run, rows  # exactly one session per run
        assert not any(open_ for _, open_ in rows), rows  # none left open (no MCP race)

    before = sessions(conn, identity)
    listed = claude(project, "mcp", "list")
    assert "Connected" in listed.stdout
    assert settle(conn, identity, 2) == before  # `claude mcp list` changes nothing


def _peer_and_streaming_claude(project: dict[str, Any], conn: psycopg.Connection,
                               unique: Callable[[str], str]) -> tuple[Any, subprocess.Popen[str]]:
    """A peer's active session in the project, and Claude Code reading prompts as stream-json."""
    peer = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test', "
                        "role_description => NULL)", (unique("cc-peer"),)).fetchone()[0]  # type: ignore[index]
    peer_session = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                                (peer, project["project"])).fetchone()[0]  # type: ignore[index]
    proc = subprocess.Popen(
        [str(CLAUDE), "-p", "--input-format", "stream-json", "--output-format", "stream-json",
         "--verbose"], cwd=project["dir"], env=project["env"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return peer_session, proc


def test_mail_between_two_prompts_is_injected_once_and_compaction_keeps_the_session(
        project: dict[str, Any], conn: psycopg.Connection, unique: Callable[[str], str]) -> None:
    """Two prompts in one Claude Code session (stream-json input); a message sent between them."""
    identity = project["identity"]
    peer_session, proc = _peer_and_streaming_claude(project, conn, unique)
    assert proc.stdin is not None

    def prompt(text: str) -> None:
        proc.stdin.write(json.dumps({"type": "user", "message": {"role": "user", "content": text}}) + "\n")
        proc.stdin.flush()

    def seen() -> Any:
        row = conn.execute("SELECT s.session_id, s.last_seen_at FROM claude.sessions s"
                           " JOIN claude.identities i USING (identity_id)"
                           " WHERE i.identity_name = %s AND s.session_end IS NULL",
                           (identity,)).fetchone()
        return row

    try:
        prompt("first")
        deadline = time.monotonic() + 120
        while (row := seen()) is None or row[1] is None:  # the first prompt's hook has run
            assert time.monotonic() < deadline, "the first UserPromptSubmit hook never ran"
            time.sleep(0.2)
        session = row[0]
        subject = unique("between-prompts")
        message = conn.execute(
            "SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
            " body => 'sent between two prompts', priority => 'urgent')",
            (peer_session, session, subject)).fetchone()[0]  # type: ignore[index]

        # a compaction SessionStart (as Claude Code sends it) keeps the same gateway session
        cache = Path(project["env"]["XDG_CACHE_HOME"]) / "claude-gateway" / "sessions"
        state = next(cache.glob("*.json"))
        claude_session = json.loads(state.read_text())["claude_session_id"]
        hook = {"session_id": claude_session, "cwd": str(project["dir"]),
                "hook_event_name": "SessionStart", "source": "compact"}
        out = subprocess.run([str(GATEWAY), "startup", "--format", "claude-hook", "--identity", identity],
                             cwd=project["dir"], env=project["env"], input=json.dumps(hook),
                             capture_output=True, text=True, timeout=30, check=True).stdout
        context = json.loads(out)["hookSpecificOutput"]["additionalContext"]
        assert f"session {session} goes on after a compaction" in context
        assert subject in context  # the compaction context shows the pending mail ...
        assert seen()[0] == session

        prompt("second")
        proc.stdin.close()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    rows = settle(conn, identity, 3)
    assert [r[0] for r in rows] == [session] and not rows[0][1]  # one session, ended
    # ... so it counts as injected, once: the second prompt's hook did not repeat it
    injected = conn.execute("SELECT count(*) FROM claude.session_injections WHERE message_id = %s",
                            (message,)).fetchone()[0]  # type: ignore[index]
    assert injected == 1


def test_second_prompt_gets_mail_sent_after_the_first(
        project: dict[str, Any], conn: psycopg.Connection, unique: Callable[[str], str]) -> None:
    """Without a compaction in between, the second prompt's hook injects the message (once)."""
    identity = project["identity"]
    peer_session, proc = _peer_and_streaming_claude(project, conn, unique)
    assert proc.stdin is not None
    line = json.dumps({"type": "user", "message": {"role": "user", "content": "go"}}) + "\n"
    try:
        proc.stdin.write(line)
        proc.stdin.flush()
        deadline = time.monotonic() + 120
        while True:
            row = conn.execute("SELECT s.session_id, s.last_seen_at FROM claude.sessions s JOIN"
                               " claude.identities i USING (identity_id) WHERE i.identity_name = %s"
                               " AND s.session_end IS NULL", (identity,)).fetchone()
            if row is not None and row[1] is not None:
                break
            assert time.monotonic() < deadline, "the first UserPromptSubmit hook never ran"
            time.sleep(0.2)
        subject = unique("mid-session")
        message = conn.execute(
            "SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
            " body => 'hello mid-session')", (peer_session, row[0], subject)).fetchone()[0]  # type: ignore[index]
        for _ in range(2):  # two more prompts: the first injects, the second finds nothing new
            proc.stdin.write(line)
            proc.stdin.flush()
        proc.stdin.close()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    settle(conn, identity, 3)
    injections = conn.execute("SELECT session_id FROM claude.session_injections WHERE message_id = %s",
                              (message,)).fetchall()
    assert injections == [(row[0],)]
    transcripts = list((Path(project["env"]["HOME"]) / ".claude" / "projects").rglob("*.jsonl"))
    text = "".join(t.read_text() for t in transcripts)
    assert text.count(subject) >= 1  # the context reached Claude Code's transcript
