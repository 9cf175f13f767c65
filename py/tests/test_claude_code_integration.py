"""`install claude-code`, the mid-session hooks, the MCP server's manners and `inbox --follow`
(without the real Claude Code: see test_claude_code_real.py for that)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import psycopg
from conftest import agent_session
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from claude_gateway import claude_code, mcp_server
from claude_gateway._generated import API_FUNCTIONS

GATEWAY = str(Path(sys.executable).parent / "claude-gateway")
DOWN = "postgresql://nobody@127.0.0.1:9/nowhere?connect_timeout=1"  # nothing listens on port 9


# -- install ---------------------------------------------------------------------
def test_install_merges_keeps_the_rest_is_idempotent_and_uninstalls(tmp_path: Path) -> None:
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    mine = {"type": "command", "command": "echo mine"}
    settings.write_text(json.dumps({"model": "x", "hooks": {"SessionStart": [{"hooks": [mine]}]}}))
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": {"other": {"command": "o"}}}))

    def install(*args: str) -> str:
        return subprocess.run([GATEWAY, "install", "claude-code", "--dir", str(tmp_path), *args],
                              capture_output=True, text=True, check=True).stdout

    dry = install("--identity", "bob", "--dry-run")
    assert "would change" in dry and json.loads(settings.read_text())["hooks"]["SessionStart"] == [
        {"hooks": [mine]}]
    out = install("--identity", "bob")
    assert "+ hooks.UserPromptSubmit" in out and "+ mcpServers.claude-gateway" in out
    data = json.loads(settings.read_text())
    assert data["model"] == "x"
    events = {e: [h["command"] for g in groups for h in g["hooks"]] for e, groups in data["hooks"].items()}
    assert events["SessionStart"][0] == "echo mine"  # kept, first
    assert {spec.event for spec in claude_code.HOOKS} <= set(events)
    assert all("--identity bob" in c for e in events for c in events[e] if claude_code.is_ours(c))
    mcp = json.loads((tmp_path / ".mcp.json").read_text())["mcpServers"]
    assert mcp["other"] == {"command": "o"}
    assert mcp["claude-gateway"]["args"] == ["mcp", "--attach", "--identity", "bob"]
    local = json.loads((tmp_path / ".claude" / "settings.local.json").read_text())
    assert local["enabledMcpjsonServers"] == ["claude-gateway"]

    again = install("--identity", "bob")
    assert "changed" not in again.replace("unchanged", "")  # idempotent
    assert json.loads(settings.read_text()) == data

    install("--uninstall")
    assert json.loads(settings.read_text()) == {"model": "x", "hooks": {"SessionStart": [{"hooks": [mine]}]}}
    assert json.loads((tmp_path / ".mcp.json").read_text()) == {"mcpServers": {"other": {"command": "o"}}}


def test_one_hook_more_is_one_line() -> None:
    # the edit guard (leases) is one line of HOOKS: one PreToolUse entry for the edit tools
    merged = claude_code.merge_hooks({}, claude_code.HOOKS, "/x/claude-gateway", "a", None)
    assert merged["hooks"]["PreToolUse"] == [{"matcher": "Edit|Write|MultiEdit|NotebookEdit", "hooks": [
        {"type": "command", "command": "/x/claude-gateway guard --identity a", "timeout": 5}]}]


def test_install_refuses_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text("{not json")
    res = subprocess.run([GATEWAY, "install", "claude-code", "--dir", str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 1 and ".mcp.json is not valid JSON" in res.stderr
    assert "Traceback" not in res.stderr


# -- the mid-session hook -----------------------------------------------------------
def _hook(args: list[str], env: dict[str, str], payload: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GATEWAY, "hook", *args], input=json.dumps(payload), env=env,
                          capture_output=True, text=True, timeout=10)


def test_prompt_hook_injects_new_mail_once_and_is_rate_limited(
        dsn: str, conn: psycopg.Connection, tmp_path: Path, unique: Callable[[str], str]) -> None:
    identity, project = unique("hook-agent"), unique("hook-proj")
    env = {**os.environ, "DATABASE_URL": dsn, "XDG_CACHE_HOME": str(tmp_path)}
    payload = {"session_id": "c1", "cwd": str(tmp_path), "hook_event_name": "SessionStart",
               "source": "startup"}
    subprocess.run([GATEWAY, "startup", "--format", "claude-hook", "--identity", identity,
                    "--project", project], input=json.dumps(payload), env=env, check=True,
                   capture_output=True, text=True)
    session = conn.execute("SELECT session_id FROM claude.active_sessions WHERE identity_name = %s",
                           (identity,)).fetchone()[0]  # type: ignore[index]
    peer = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                        " role_description => NULL)", (unique("hook-peer"),)).fetchone()[0]  # type: ignore[index]
    peer_session = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                                (peer, project)).fetchone()[0]  # type: ignore[index]
    prompt = {"session_id": "c1", "cwd": str(tmp_path), "hook_event_name": "UserPromptSubmit",
              "prompt": "hi"}
    args = ["prompt", "--identity", identity, "--project", project]
    assert _hook(args, env, prompt).stdout == ""  # nothing new: nothing printed
    conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'low one', body => 'b', priority => 'low')", (peer_session, session))
    conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'urgent one', body => 'b', priority => 'urgent')", (peer_session, session))
    out = json.loads(_hook(args, env, prompt).stdout)["hookSpecificOutput"]
    assert out["hookEventName"] == "UserPromptSubmit"
    text = out["additionalContext"]
    assert text.index("urgent one") < text.index("low one")  # urgent first
    assert _hook(args, env, prompt).stdout == ""  # injected once

    post = {**prompt, "hook_event_name": "PostToolUse"}
    conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'after a tool', body => 'b')", (peer_session, session))
    limited = [*args, "--min-interval", "300"]
    first = _hook(limited, env, post).stdout
    assert "after a tool" in json.loads(first)["hookSpecificOutput"]["additionalContext"]
    conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'too soon', body => 'b')", (peer_session, session))
    assert _hook(limited, env, post).stdout == ""  # rate-limited: not asked again yet
    assert "too soon" in _hook(args, env, prompt).stdout  # the next prompt brings it

    _hook(["stop", "--identity", identity, "--project", project], env, {"cwd": str(tmp_path)})
    assert conn.execute("SELECT liveness FROM claude.active_sessions WHERE session_id = %s",
                        (session,)).fetchone()[0] == "idle"  # type: ignore[index]


def test_hooks_fail_open_quickly_when_the_database_is_down(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": DOWN, "XDG_CACHE_HOME": str(tmp_path)}
    for args in (["prompt", "--identity", "x"], ["stop", "--identity", "x"]):
        started = time.monotonic()
        res = _hook(args, env, {"cwd": str(tmp_path), "hook_event_name": "UserPromptSubmit"})
        assert (res.returncode, res.stdout, res.stderr) == (0, "", "")
        assert time.monotonic() - started < 5  # bounded by its own timer (0.9 s) plus Python's start


# -- the MCP server: no side effects, profiles, annotations, paging -------------------
def _session(env: dict[str, str], *args: str) -> Any:
    return StdioServerParameters(command=GATEWAY, args=["mcp", *args], env=env)


def test_mcp_lists_tools_with_the_database_down_and_touches_nothing(
        dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]) -> None:
    name = unique("mcp-lazy")

    async def listing(env: dict[str, str], *args: str) -> list[Any]:
        async with stdio_client(_session(env, *args)) as (r, w), ClientSession(r, w) as s:
            await s.initialize()
            return (await s.list_tools()).tools

    tools = anyio.run(listing, {**os.environ, "DATABASE_URL": DOWN}, "--identity", name)
    assert tools and "wait_for_messages" in {t.name for t in tools}
    anyio.run(listing, {**os.environ, "DATABASE_URL": dsn}, "--identity", name)
    assert conn.execute("SELECT count(*) FROM claude.identities WHERE identity_name = %s",
                        (name,)).fetchone()[0] == 0  # type: ignore[index]


def test_attached_server_never_starts_a_session(dsn: str, conn: psycopg.Connection,
                                                unique: Callable[[str], str]) -> None:
    name = unique("mcp-attached")
    identity = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                            " role_description => NULL)", (name,)).fetchone()[0]  # type: ignore[index]

    async def body() -> Any:
        env = {**os.environ, "DATABASE_URL": dsn}
        async with stdio_client(_session(env, "--attach", "--identity", name)) as (r, w), \
                ClientSession(r, w) as s:
            await s.initialize()
            return await s.call_tool("get_pending_messages", {})

    result = anyio.run(body)
    assert result.is_error and json.loads(result.content[0].text)["sqlstate"] == "55000"
    assert conn.execute("SELECT count(*) FROM claude.sessions WHERE identity_id = %s",
                        (identity,)).fetchone()[0] == 0  # type: ignore[index]


def test_profiles_and_annotations() -> None:
    agent = {f.name for f in mcp_server.select(None, profile="agent")}
    admin = {f.name for f in mcp_server.select(None, profile="admin")}
    assert admin == {f.name for f in API_FUNCTIONS}
    assert not agent & ({"execute_job", "create_scheduled_job", "archive_identity"} | mcp_server.MAINTENANCE)
    assert {"send_message", "get_pending_messages", "end_session"} <= agent
    tools = {t["name"]: t for t in mcp_server.tool_definitions(API_FUNCTIONS, bound=False)}
    for fn in API_FUNCTIONS:
        t = tools[fn.name]
        assert t["title"] and t["annotations"]["readOnlyHint"] == (fn.volatility != "VOLATILE")
    assert tools["get_pending_messages"]["annotations"]["readOnlyHint"] is True
    assert tools["send_message"]["annotations"]["readOnlyHint"] is False
    for name in ("archive_identity", "end_session", "expire_messages", "dismiss_reminder"):
        assert tools[name]["annotations"]["destructiveHint"] is True, name
    assert tools["send_message"]["annotations"]["destructiveHint"] is False
    assert tools["execute_job"]["annotations"]["openWorldHint"] is True
    out = tools["get_pending_messages"]["outputSchema"]["properties"]["result"]["items"]["properties"]
    assert "message_id" in out and "body" in out
    assert {"limit", "offset"} <= set(tools["get_pending_messages"]["inputSchema"]["properties"])


def test_list_results_are_paged_and_bounded(dsn: str, conn: psycopg.Connection,
                                            unique: Callable[[str], str]) -> None:
    project = unique("page-proj")
    me = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                      " role_description => NULL)", (unique("page-me"),)).fetchone()[0]  # type: ignore[index]
    mine = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                        (me, project)).fetchone()[0]  # type: ignore[index]
    peer = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                        " role_description => NULL)", (unique("page-peer"),)).fetchone()[0]  # type: ignore[index]
    theirs = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                          (peer, project)).fetchone()[0]  # type: ignore[index]
    conn.execute("SELECT count(claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'm' || g, body => repeat('x', 60000))) FROM generate_series(1, 30) g",
                 (theirs, mine))

    async def body() -> list[Any]:
        env = {**os.environ, "DATABASE_URL": dsn}
        async with stdio_client(_session(env)) as (r, w), ClientSession(r, w) as s:
            await s.initialize()
            pages = []
            offset: int | None = 0
            while offset is not None:
                res = await s.call_tool("get_pending_messages", {"session_id": str(mine), "offset": offset})
                assert not res.is_error, res.content[0].text
                assert len(res.content[0].text) < 100_000  # far below 25,000 tokens
                pages.append(res.structured_content)
                offset = res.structured_content["next_offset"]
            return pages

    pages = anyio.run(body)
    assert sum(p["count"] for p in pages) == 30 and len(pages) > 1
    assert "offset=" in pages[0]["note"]
    assert "[cut: 60000 characters]" in pages[0]["result"][0]["body"]


def test_inbox_follow_prints_new_mail(dsn: str, conn: psycopg.Connection, tmp_path: Path,
                                      unique: Callable[[str], str]) -> None:
    name, project = unique("follow-me"), unique("follow-proj")
    _, mine = agent_session(conn, project, name, platform="test", role=None)
    proc = subprocess.Popen([GATEWAY, "inbox", "--follow", "--identity", name],
                            env={**os.environ, "DATABASE_URL": dsn}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None and proc.stdout is not None
        assert "following the inbox" in proc.stderr.readline()
        conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                     " subject => 'live one', body => 'b')", (mine, mine))
        line = proc.stdout.readline()
        assert "live one" in line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_startup_context_stays_a_few_kb(dsn: str, conn: psycopg.Connection, tmp_path: Path,
                                        unique: Callable[[str], str]) -> None:
    """300 pending messages (3,000-character bodies): the SessionStart context stays a few KB,
    counts what it leaves out and names the command that shows it; compaction says the same."""
    identity, project = unique("ctx-agent"), unique("ctx-proj")
    env = {**os.environ, "DATABASE_URL": dsn, "XDG_CACHE_HOME": str(tmp_path)}
    me = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'claude-code',"
                      " role_description => NULL)", (identity,)).fetchone()[0]  # type: ignore[index]
    peer = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                        " role_description => NULL)", (unique("ctx-peer"),)).fetchone()[0]  # type: ignore[index]
    mine = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                        (me, project)).fetchone()[0]  # type: ignore[index]
    theirs = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                          (peer, project)).fetchone()[0]  # type: ignore[index]
    conn.execute("SELECT count(claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'subject ' || g, body => repeat('body ', 600))) FROM generate_series(1, 300) g",
                 (theirs, mine))
    sizes = {}
    for source in ("startup", "compact"):
        out = subprocess.run([GATEWAY, "startup", "--format", "claude-hook", "--identity", identity,
                              "--project", project], env=env, capture_output=True, text=True, check=True,
                             input=json.dumps({"session_id": "c", "cwd": str(tmp_path), "source": source}))
        context = json.loads(out.stdout)["hookSpecificOutput"]["additionalContext"]
        sizes[source] = len(context)
        assert "(20 of 300" in context and "280 more not shown: `claude-gateway inbox`" in context
    print(f"\nstartup context with 300 pending messages: {sizes} characters "
          f"(~{sizes['startup'] // 4} tokens)")
    assert all(size < 8_000 for size in sizes.values()), sizes
