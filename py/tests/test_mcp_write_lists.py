"""A write tool's list result is never paged: a "next page" would run the write again.

Only functions that only read (STABLE or IMMUTABLE in the catalog) take `limit` and
`offset`; a VOLATILE one (acquire_lease, process_due_reminders, run_maintenance)
runs once per call and its rows come cut, with a note naming where to read the rest.
Driven by the MCP SDK's own client over stdio (tests/_mcp.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
from _mcp import run
from mcp.client.session import ClientSession

from claude_gateway import mcp_server
from claude_gateway._generated import API_FUNCTIONS

WRITE_LISTS = {"acquire_lease", "process_due_reminders", "run_maintenance"}


def test_only_lists_that_read_are_paged() -> None:
    lists = [fn for fn in API_FUNCTIONS if mcp_server.listing(fn)]
    assert WRITE_LISTS <= {fn.name for fn in lists if fn.volatility == "VOLATILE"}, "the catalog knows"
    for fn in lists:
        tool = mcp_server.tool_definitions([fn], bound=False)[0]
        props, out = tool["inputSchema"]["properties"], tool.get("outputSchema", {})
        if fn.volatility == "VOLATILE":
            assert not mcp_server.paged(fn) and not tool["annotations"]["readOnlyHint"]
            assert "offset" not in props and "limit" not in props, fn.name
            assert "next_offset" not in out.get("properties", {}), fn.name
            assert out["required"] == ["result", "count", "total"], fn.name
        else:
            assert mcp_server.paged(fn) and {"limit", "offset"} <= set(props), fn.name


def test_a_write_with_many_rows_runs_once_and_offers_no_next_page(
    dsn: str, conn: psycopg.Connection, unique: Callable[[str], str]
) -> None:
    identity, project = unique("wl"), unique("wl-project")
    paths = [f"src/m{i:03}/**" for i in range(150)]

    async def body(session: ClientSession) -> dict[str, Any]:
        first = await session.call_tool("acquire_lease", {"paths": paths, "reason": "many"})
        assert not first.is_error, first.content[0].text
        again = await session.call_tool("acquire_lease", {"paths": paths, "offset": 100})
        return {"first": first, "again": again}

    out = run(dsn, ["--identity", identity, "--project", project, "--tools", "leases"], body)
    first = out["first"]
    structured = json.loads(first.content[0].text)
    assert first.structured_content == structured
    shown = structured["count"]
    # cut at PAGE_MAX rows or RESULT_CHARS characters, whichever comes first
    assert structured["total"] == 150 and 0 < shown <= mcp_server.PAGE_MAX
    assert len(first.content[0].text) < mcp_server.RESULT_CHARS + 2_000
    assert [r["path"] for r in structured["result"]] == sorted(paths)[:shown]
    assert not {"next_offset", "offset", "nextCursor"} & set(structured), "no next page is offered"
    note = structured["note"]
    assert f"{150 - shown} more row(s) not shown" in note and "do not call it again" in note
    assert "check_paths" in note
    assert getattr(first, "next_cursor", None) is None

    # A "next page" is refused before anything runs.
    assert out["again"].is_error
    refused = json.loads(out["again"].content[0].text)
    assert refused["sqlstate"] == "22023" and "offset" in refused["message"], refused
    # Written once: every lease acquired by the one call and never renewed by a second.
    leases = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE renewed_at > acquired_at) FROM claude.file_leases"
        " WHERE project_name = %s", (project,)).fetchone()
    assert leases == (150, 0), leases
    again = conn.execute(
        "SELECT count(*) FROM claude.activity_feed WHERE project_name = %s"
        " AND activity_type = 'lease_acquired' AND title LIKE '%% again %%'", (project,)).fetchone()
    assert again == (0,)
