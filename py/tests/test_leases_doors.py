"""Every door onto the leases: the generated client, the CLI (`lease`, `leases`,
`release`), the MCP tools (from the generated catalog) and the startup context."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import psycopg
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

import claude_gateway
from claude_gateway import output
from claude_gateway._generated import API_FUNCTIONS

LEASE_TOOLS = {"acquire_lease", "renew_lease", "release_lease", "release_leases", "check_paths"}


@pytest.fixture
def run(run: Callable[..., subprocess.CompletedProcess[str]],
        tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """conftest's CLI runner, in a working directory of its own (a project with no git root)."""
    return functools.partial(run, cwd=tmp_path)


def ok_json(res: subprocess.CompletedProcess[str]) -> Any:
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_the_generated_client(dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]) -> None:
    project = unique("doors-client")
    with claude_gateway.connect(dsn) as gw:
        a = gw.register_identity(identity_name=unique("doors-a"), platform="pytest", role_description="a")
        b = gw.register_identity(identity_name=unique("doors-b"), platform="pytest", role_description="b")
        sa = gw.start_session(identity_id=a, project_name=project)
        sb = gw.start_session(identity_id=b, project_name=project)
        [row] = gw.acquire_lease(session_id=sa, paths=["src/**"], reason="client")
        assert row.path == "src/**" and row.exclusive and row.identity_id == a
        with pytest.raises(claude_gateway.InvalidState) as refused:
            gw.acquire_lease(session_id=sb, paths=["src/x.py"])
        assert refused.value.sqlstate == "55000" and "src/**" in refused.value.message
        with pytest.raises(claude_gateway.InvalidArgument):
            gw.acquire_lease(session_id=sb, paths=["../x"])
        [seen] = gw.check_paths(project_name=project, paths=["src/x.py"], session_id=sb)
        assert seen.lease_id == row.lease_id and seen.identity_id == a
        renewed = gw.renew_lease(lease_id=row.lease_id, ttl_seconds=60)
        assert renewed.lease_id == row.lease_id and renewed.expires_at < row.expires_at
        gw.release_lease(lease_id=row.lease_id)
        assert gw.release_leases(session_id=sa) == 0
        assert gw.check_paths(project_name=project, paths=["src/x.py"]) == []


def test_the_cli(run: Any, unique: Callable[[str], str]) -> None:
    alice, bob, project = unique("doors-alice"), unique("doors-bob"), unique("doors-project")
    for who in (alice, bob):
        assert run("startup", "--project", project, identity=who).returncode == 0

    rows = ok_json(run("lease", "src/**", "README.md", "--reason", "big move", "--ttl", "600", "--json",
                       identity=alice))
    assert sorted(r["path"] for r in rows) == ["README.md", "src/**"]
    refused = run("lease", "src/a.py", identity=bob)
    assert refused.returncode == 1 and "error:" in refused.stderr and alice in refused.stderr
    assert "hint:" in refused.stderr and "Traceback" not in refused.stderr
    assert run("lease", "docs/", "--shared", identity=bob).returncode == 0

    listed = ok_json(run("leases", "--project", project, "--json"))
    assert {(r["identity_name"], r["path"], r["exclusive"]) for r in listed} == {
        (alice, "README.md", True), (alice, "src/**", True), (bob, "docs/**", False)}
    table = run("leases", "--project", project)
    assert table.returncode == 0 and "holder" in table.stdout.splitlines()[0] and alice in table.stdout
    overlapping = ok_json(run("leases", "--project", project, "--path", "src/deep/x.py", "--json"))
    assert [r["path"] for r in overlapping] == ["src/**"]

    assert ok_json(run("release", "src/**", "--json", identity=alice)) == {"released": [
        next(r["lease_id"] for r in rows if r["path"] == "src/**")]}
    missing = run("release", "nothing/here", identity=alice)
    assert missing.returncode == 2 and "README.md" in missing.stderr, "names what the identity does hold"
    assert ok_json(run("release", "--all", "--json", identity=alice)) == {"released": 1}
    assert [r["identity_name"] for r in ok_json(run("leases", "--project", project, "--json"))] == [bob]


def test_the_startup_context_shows_who_holds_what(run: Any, unique: Callable[[str], str]) -> None:
    alice, carol, project = unique("doors-alice"), unique("doors-carol"), unique("doors-project")
    assert run("startup", "--project", project, identity=alice).returncode == 0
    assert run("lease", "src/**", "--reason", "rewriting the parser", identity=alice).returncode == 0
    bundle = ok_json(run("startup", "--project", project, "--format", "json", identity=carol))
    assert bundle["other_leases_total"] == 1 and bundle["held_leases"] == []
    [other] = bundle["other_leases"]
    assert other["identity_name"] == alice and other["path"] == "src/**" and other["exclusive"] is True
    text = run("startup", "--project", project, "--format", "claude-hook", identity=carol)
    context = json.loads(text.stdout)["hookSpecificOutput"]["additionalContext"]
    assert f"{alice} holds src/** exclusively" in context and "rewriting the parser" in context


def test_you_hold_in_the_startup_text() -> None:
    bundle = {"session_id": "s", "identity_name": "me", "project_name": "p",
              "held_leases": [{"lease_id": "l1", "path": "src/**", "exclusive": True,
                               "expires_at": "2030-01-01T00:00:00+00:00"}],
              "held_leases_total": 1, "other_leases": [], "other_leases_total": 0}
    text = output.format_startup_text(bundle)
    assert "You hold 1 lease(s)" in text and "src/** (exclusive" in text and "id l1" in text


def rows(value: Any) -> Any:
    """A list result: the rows of an MCP page ({result, count, offset, next_offset}) or the list."""
    return value["result"] if isinstance(value, dict) and "result" in value else value


def test_the_mcp_tools(dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]) -> None:
    by_name = {f.name: f for f in API_FUNCTIONS}
    assert LEASE_TOOLS <= set(by_name), "the catalog carries every lease function"
    assert {by_name[n].domain for n in LEASE_TOOLS} == {"leases"}
    identity, project = unique("doors-mcp"), unique("doors-mcp-project")

    async def main() -> dict[str, Any]:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "claude_gateway.cli", "mcp", "--identity", identity, "--project", project,
                  "--tools", "leases"],
            env={"DATABASE_URL": dsn})
        out: dict[str, Any] = {}
        async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
            await s.initialize()
            out["tools"] = sorted(t.name for t in (await s.list_tools()).tools)
            acquired = await s.call_tool("acquire_lease", {"paths": ["lib/**"], "reason": "mcp"})
            out["acquired"] = rows(json.loads(acquired.content[0].text))
            checked = await s.call_tool("check_paths", {"project_name": project, "paths": ["lib/a.c"]})
            out["checked"] = rows(json.loads(checked.content[0].text))
            released = await s.call_tool("release_leases", {})
            out["released"] = rows(json.loads(released.content[0].text))
        return out

    out = anyio.run(main)
    api = {f.name for f in API_FUNCTIONS}
    assert set(out["tools"]) & api == LEASE_TOOLS, "--tools leases: the lease functions"
    [row] = out["acquired"]
    assert row["path"] == "lib/**" and row["project_name"] == project, "session_id defaults to the bound one"
    assert [r["lease_id"] for r in out["checked"]] == [], "the bound session's own lease is left out"
    assert out["released"] == 1
