"""The MCP server through the MCP Inspector's CLI (npm @modelcontextprotocol/inspector, installed
by scripts/setup.sh into build/claude-code) and through the official SDK client across a
dropped database connection (what a server restart does to a running MCP server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import psycopg
from conftest import agent_session
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parents[2]
INSPECTOR = REPO / "build" / "claude-code" / "node_modules" / ".bin" / "mcp-inspector"
GATEWAY = str(Path(sys.executable).parent / "claude-gateway")
DOWN = "postgresql://nobody@127.0.0.1:9/nowhere?connect_timeout=1"


def inspector(dsn: str, *args: str) -> dict[str, Any]:
    assert INSPECTOR.exists(), f"{INSPECTOR} is missing: run scripts/setup.sh"
    res = subprocess.run([str(INSPECTOR), "--cli", GATEWAY, "mcp", *args],
                         env={**os.environ, "DATABASE_URL": dsn}, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout)


def test_inspector_lists_and_calls(dsn: str, conn: psycopg.Connection,
                                   unique: Callable[[str], str]) -> None:
    listing = inspector(DOWN, "--method", "tools/list")  # no database needed to list
    tools = {t["name"]: t for t in listing["tools"]}
    assert "send_message" in tools and "execute_job" not in tools  # the agent profile
    assert tools["get_pending_messages"]["annotations"]["readOnlyHint"] is True
    assert tools["get_pending_messages"]["outputSchema"]["properties"]["next_offset"]
    for name in (unique("insp-a"), unique("insp-b"), unique("insp-c")):
        conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                     " role_description => NULL)", (name,))
    page = inspector(dsn, "--method", "tools/call", "--tool-name", "get_active_identities",
                     "--tool-arg", "limit=2")
    assert not page.get("isError"), page
    structured = page["structuredContent"]
    assert structured["count"] == 2 and structured["next_offset"] == 2
    assert json.loads(page["content"][0]["text"]) == structured


def test_sdk_client_survives_dropped_connections(dsn: str, conn: psycopg.Connection,
                                                 unique: Callable[[str], str]) -> None:
    """Every server connection is terminated between two calls: the second call still works."""

    async def body() -> tuple[Any, Any]:
        params = StdioServerParameters(command=GATEWAY, args=["mcp"],
                                       env={**os.environ, "DATABASE_URL": dsn})
        async with stdio_client(params) as (r, w), ClientSession(r, w) as s:
            await s.initialize()
            first = await s.call_tool("get_active_identities", {"limit": 1})
            killed = conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = 'claude-gateway-mcp'").fetchone()[0]  # type: ignore[index]
            assert killed >= 1
            second = await s.call_tool("get_active_identities", {"limit": 1})
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         " WHERE application_name = 'claude-gateway-mcp'")
            write = await s.call_tool("register_identity", {  # a writer after a drop, too
                "identity_name": name, "platform": "test", "role_description": "x"})
            return first, (second, write)

    name = unique("mcp-drop")
    first, (second, write) = anyio.run(body)
    assert not first.is_error and not second.is_error, second.content[0].text
    assert not write.is_error, write.content[0].text
    assert conn.execute("SELECT count(*) FROM claude.identities WHERE identity_name = %s",
                        (name,)).fetchone()[0] == 1  # type: ignore[index]


def test_wait_for_messages_blocks_until_mail_arrives(dsn: str, conn: psycopg.Connection,
                                                     unique: Callable[[str], str]) -> None:
    name, project = unique("mcp-wait"), unique("mcp-wait-proj")
    _, mine = agent_session(conn, project, name, platform="test", role=None)

    async def body() -> tuple[Any, Any]:
        params = StdioServerParameters(command=GATEWAY, args=["mcp", "--attach", "--identity", name],
                                       env={**os.environ, "DATABASE_URL": dsn})
        async with stdio_client(params) as (r, w), ClientSession(r, w) as s:
            await s.initialize()
            empty = await s.call_tool("wait_for_messages", {"timeout_seconds": 1})

            async def send_later() -> None:
                await anyio.sleep(1.5)
                with psycopg.connect(dsn, autocommit=True) as other:
                    other.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                                  " subject => 'wake up', body => 'b')", (mine, mine))

            async with anyio.create_task_group() as tg:
                tg.start_soon(send_later)
                got = await s.call_tool("wait_for_messages", {"timeout_seconds": 60})
            return empty, got

    empty, got = anyio.run(body)
    assert not empty.is_error and empty.structured_content["timed_out"] is True
    assert not got.is_error, got.content[0].text
    assert [m["subject"] for m in got.structured_content["messages"]] == ["wake up"]
    assert got.structured_content["timed_out"] is False
