"""The MCP server (`claude-gateway mcp`), driven by the MCP SDK's own client over stdio.

Each test spawns `python -m claude_gateway.cli mcp ...` against the migrated test
database (about a second per server), so the module stays quick.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import anyio
import psycopg
from _mcp import err, ok, run
from mcp.client.session import ClientSession
from mcp.shared.exceptions import MCPError

from claude_gateway import codegen, mcp_server
from claude_gateway._generated import API_FUNCTIONS


def catalog_names(dsn: str) -> set[str]:
    """The API functions as codegen reads them from pg_proc."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SET search_path = pg_catalog")
        functions, _ = codegen.read_catalog(conn)
    return {fn.name for fn in functions}


# -- tools/list --------------------------------------------------------------
def test_tools_list_matches_the_catalog(dsn: str) -> None:
    async def body(session: ClientSession) -> Any:
        return await session.list_tools()

    listing = run(dsn, [], body)
    names = [t.name for t in listing.tools]
    expected = catalog_names(dsn) | {"execute_job"}
    assert len(names) == len(expected) and set(names) == expected
    size = len(json.dumps(listing.model_dump(mode="json", by_alias=True, exclude_none=True),
                          separators=(",", ":")).encode())
    print(f"\ntools/list: {len(names)} tools, {size} bytes")
    assert size / 4 < 15_000, size  # tokens, estimated as characters / 4

    tools = {t.name: t for t in listing.tools}
    for t in listing.tools:  # every parameter is described (the descriptions are checked below)
        assert all(p.get("description") for p in t.input_schema["properties"].values()), t.name
        for p in t.input_schema["properties"].values():
            p.pop("description")
    send = tools["send_message"].input_schema
    assert send["required"] == ["from_session_id", "to_session_id", "subject", "body"]
    assert send["properties"]["from_session_id"] == {"type": "string", "format": "uuid"}
    assert send["properties"]["priority"] == {"type": "string", "enum": ["urgent", "normal", "low"],
                                              "default": "normal"}
    assert send["properties"]["expires_in_days"] == {"type": "integer", "default": 7}
    assert send["properties"]["metadata"] == {"type": "object"}
    assert list(send["properties"]) == [p.name for p in _fn("send_message").params]
    end = tools["end_session"].input_schema["properties"]
    assert end["tasks"] == {"type": "array", "items": {"type": "string"}}
    reminder = tools["create_reminder"].input_schema
    assert reminder["properties"]["check_after"] == {"type": "string", "format": "date-time"}
    assert reminder["required"] == ["title", "check_after"]
    assert tools["archive_activity"].input_schema["properties"]["older_than"]["type"] == "string"
    assert tools["apply_knowledge"].input_schema["properties"]["was_successful"] == {
        "type": "boolean", "default": True}
    assert "required" not in tools["get_active_identities"].input_schema
    assert tools["execute_job"].input_schema["required"] == ["job_id"]
    # descriptions: the comment's first sentence, then its errors
    desc = tools["start_session"].description or ""
    assert desc.startswith("Start a work session for an identity on a project")
    assert "Errors: P0002 unknown identity; 55000" in desc
    assert "P0002" in (tools["send_message"].description or "")


def _fn(name: str) -> Any:
    return next(f for f in API_FUNCTIONS if f.name == name)


# -- a full exchange, and errors -----------------------------------------------
def test_full_exchange_through_tools(dsn: str, unique: Callable[[str], str]) -> None:
    project = unique("mcp-proj")

    async def body(s: ClientSession) -> dict[str, Any]:
        out: dict[str, Any] = {}
        a = ok(await s.call_tool("register_identity", {
            "identity_name": unique("mcp-a"), "platform": "claude-code",
            "role_description": "sender", "capabilities": {"tools": ["mcp"]}}))
        b = ok(await s.call_tool("register_identity", {
            "identity_name": unique("mcp-b"), "platform": "claude-code",
            "role_description": None}))
        sa = ok(await s.call_tool("start_session", {"identity_id": a, "project_name": project}))
        sb = ok(await s.call_tool("start_session", {"identity_id": b, "project_name": project}))
        msg = ok(await s.call_tool("send_message", {
            "from_session_id": sa, "to_session_id": sb, "subject": "review", "body": "PR #12",
            "priority": "urgent", "metadata": {"pr": 12}}))
        out["inbox"] = ok(await s.call_tool("get_pending_messages", {"session_id": sb}))
        out["ack"] = ok(await s.call_tool("acknowledge_message",
                                          {"message_id": msg, "session_id": sb}))
        out["after"] = ok(await s.call_tool("get_pending_messages", {"session_id": sb}))
        out["ids"] = (a, b, sa, sb, msg)
        # errors: the SQLSTATE, message and hint come back as a tool error
        out["again"] = err(await s.call_tool("start_session",
                                             {"identity_id": a, "project_name": project}))
        out["unknown"] = err(await s.call_tool("acknowledge_message",
                                               {"message_id": str(uuid4())}))
        out["bad_arg"] = err(await s.call_tool("send_message", {
            "from_session_id": sa, "to_session_id": sb, "subject": "x", "body": "y",
            "expires_in_days": 0}))
        out["typo"] = err(await s.call_tool("get_pending_messages", {"sesion_id": sb}))
        out["missing"] = err(await s.call_tool("end_session", {"session_id": sa}))
        return out

    out = run(dsn, [], body)
    a, b, sa, sb, msg = out["ids"]
    for value in (a, b, sa, sb, msg):
        UUID(value)
    [row] = out["inbox"]
    assert row["message_id"] == msg and row["from_session_id"] == sa
    assert row["subject"] == "review" and row["priority"] == "urgent"
    assert row["metadata"] == {"pr": 12} and row["status"] == "pending"
    assert isinstance(row["created_at"], str) and "T" in row["created_at"]
    assert out["ack"] is None and out["after"] == []

    assert out["again"]["sqlstate"] == "55000" and out["again"]["error"] == "InvalidState"
    assert a in out["again"]["message"] or "active session" in out["again"]["message"]
    assert out["again"]["hint"]
    assert out["unknown"]["sqlstate"] == "P0002" and out["unknown"]["hint"]
    assert out["bad_arg"]["sqlstate"] == "22023"
    assert out["typo"]["sqlstate"] == "22023" and "sesion_id" in out["typo"]["message"]
    assert out["missing"]["sqlstate"] == "22023" and "summary" in out["missing"]["message"]


def test_execute_job_runs_on_the_server_side(dsn: str, conn: psycopg.Connection,
                                             unique: Callable[[str], str]) -> None:
    job = conn.execute("SELECT claude.create_scheduled_job(job_name => %s, job_type => 'audit', "
                       "command => 'echo hello-from-mcp', trigger_type => 'on_demand')",
                       (unique("mcp-job"),)).fetchone()[0]  # type: ignore[index]

    async def body(s: ClientSession) -> tuple[Any, Any]:
        return (ok(await s.call_tool("execute_job", {"job_id": str(job)})),
                err(await s.call_tool("execute_job", {"job_id": str(uuid4())})))

    result, missing = run(dsn, [], body)
    assert result["job_id"] == str(job) and result["status"] == "SUCCESS"
    assert "hello-from-mcp" in result["output"] and len(result["attempts"]) == 1
    assert missing["sqlstate"] == "P0002"


# -- binding -------------------------------------------------------------------
def test_bound_session_defaults(dsn: str, conn: psycopg.Connection,
                                unique: Callable[[str], str]) -> None:
    name, project = unique("mcp-bound"), unique("mcp-proj")
    peer = conn.execute("SELECT claude.register_identity(identity_name => %s, "
                        "platform => 'test', role_description => NULL)",
                        (unique("mcp-peer"),)).fetchone()[0]  # type: ignore[index]
    peer_session = conn.execute("SELECT claude.start_session(identity_id => %s, "
                                "project_name => %s)", (peer, project)).fetchone()[0]  # type: ignore[index]
    args = ["--identity", name, "--project", project]

    async def first(s: ClientSession) -> dict[str, Any]:
        out: dict[str, Any] = {}
        listing = await s.list_tools()
        out["required"] = {t.name: t.input_schema.get("required", []) for t in listing.tools}
        # nothing is started before a tool needs the session: send_message does
        out["before"] = ok(await s.call_tool("get_active_session", {}))
        out["sent"] = ok(await s.call_tool("send_message", {
            "to_session_id": str(peer_session), "subject": "hello", "body": "from a bound session"}))
        out["session"] = ok(await s.call_tool("get_active_session", {}))
        return out

    out = run(dsn, args, first)
    assert out["before"] is None
    assert "from_session_id" not in out["required"]["send_message"]
    assert out["required"]["send_message"] == ["to_session_id", "subject", "body"]
    assert "identity_id" not in out["required"]["start_session"]
    bound_session = UUID(out["session"])
    identity, platform, sproject = conn.execute(
        "SELECT i.identity_id, i.platform, s.project_name FROM claude.identities i "
        "JOIN claude.sessions s USING (identity_id) WHERE i.identity_name = %s AND s.session_end IS NULL",
        (name,)).fetchone()  # type: ignore[misc]
    assert platform == "claude-code" and sproject == project
    assert conn.execute("SELECT claude.get_active_session(identity_id => %s)",
                        (identity,)).fetchone()[0] == bound_session  # type: ignore[index]
    sender = conn.execute("SELECT from_session_id FROM claude.messages WHERE message_id = %s",
                          (out["sent"],)).fetchone()[0]  # type: ignore[index]
    assert sender == bound_session

    conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, "
                 "subject => 'reply', body => 'ok')", (peer_session, bound_session))

    async def second(s: ClientSession) -> dict[str, Any]:
        out: dict[str, Any] = {}
        out["session"] = ok(await s.call_tool("get_active_session", {}))  # resumed, not new
        out["inbox"] = ok(await s.call_tool("get_pending_messages", {}))
        # replaced from outside, as a SessionStart hook does: the default follows
        conn.execute("SELECT claude.end_session(session_id => %s, summary => 'hook')",
                     (bound_session,))
        out["hooked"] = conn.execute("SELECT claude.start_session(identity_id => %s, "
                                     "project_name => %s)", (identity, project)).fetchone()[0]  # type: ignore[index]
        out["sent_hooked"] = ok(await s.call_tool("send_message", {
            "to_session_id": str(peer_session), "subject": "after hook", "body": "."}))
        out["end"] = ok(await s.call_tool("end_session", {"summary": "done"}))
        out["none"] = ok(await s.call_tool("get_active_session", {}))
        out["sent"] = ok(await s.call_tool("send_message", {
            "to_session_id": str(peer_session), "subject": "again", "body": "new session"}))
        out["new"] = ok(await s.call_tool("get_active_session", {}))
        return out

    out = run(dsn, args, second)
    assert UUID(out["session"]) == bound_session
    assert [m["subject"] for m in out["inbox"]] == ["reply"]

    def sender_of(message_id: str) -> UUID:
        return conn.execute("SELECT from_session_id FROM claude.messages WHERE message_id = %s",
                            (message_id,)).fetchone()[0]  # type: ignore[index]

    assert sender_of(out["sent_hooked"]) == out["hooked"]
    ended = conn.execute("SELECT session_end IS NOT NULL, session_summary FROM claude.sessions "
                         "WHERE session_id = %s", (out["hooked"],)).fetchone()
    assert ended == (True, "done")  # end_session's session_id defaulted to the current one
    assert out["end"] is None and out["none"] is None
    new_session = UUID(out["new"])
    assert new_session not in (bound_session, out["hooked"])
    assert sender_of(out["sent"]) == new_session
    assert conn.execute("SELECT count(*) FROM claude.identities WHERE identity_name = %s",
                        (name,)).fetchone()[0] == 1  # type: ignore[index]


# -- --tools -------------------------------------------------------------------
def test_tools_filtering(dsn: str) -> None:
    async def body(s: ClientSession) -> list[str]:
        try:  # a tool left out cannot be called either
            await s.call_tool("claim_job", {"job_id": str(uuid4())})
        except MCPError as exc:
            assert "unknown tool: claim_job" in exc.message
        else:
            raise AssertionError("claim_job was callable")
        return [t.name for t in (await s.list_tools()).tools]

    names = run(dsn, ["--tools", "messages, sessions,execute_job"], body)
    expected = {f.name for f in API_FUNCTIONS if f.domain in ("messages", "sessions")}
    assert "send_message" in expected and "start_session" in expected
    assert set(names) == expected | {"execute_job"}

    res = subprocess.run([sys.executable, "-m", "claude_gateway.cli", "mcp", "--list-tools",
                          "--tools", "messages,bogus"], capture_output=True, text=True)
    assert res.returncode == 2 and "bogus" in res.stderr
    res = subprocess.run([sys.executable, "-m", "claude_gateway.cli", "mcp", "--list-tools",
                          "--tools", "knowledge"], capture_output=True, text=True, check=True)
    listed = [t["name"] for t in json.loads(res.stdout)["tools"]]
    assert listed == sorted(f.name for f in API_FUNCTIONS if f.domain == "knowledge")
    assert "bytes" in res.stderr


# -- the pieces, without a server ----------------------------------------------
def test_results_as_json() -> None:
    @__import__("dataclasses").dataclass
    class Row:
        id: UUID
        age: timedelta
        n: Decimal
        tags: list[str]

    u = uuid4()
    assert mcp_server.to_json(Row(u, timedelta(days=2, hours=3), Decimal("2.5"), ["a"])) == {
        "id": str(u), "age": "2 days 03:00:00", "n": 2.5, "tags": ["a"]}
    assert mcp_server.interval_text(timedelta(seconds=90.5)) == "00:01:30.500000"
    assert mcp_server.interval_text(-timedelta(days=1, hours=1)) == "-1 day -01:00:00"
    assert mcp_server.to_json(Decimal("3")) == 3


def test_description_is_the_summary_and_the_errors() -> None:
    fn = _fn("end_session")
    # at most DESCRIPTION_CHARS: the errors that fit in the comment's order, then the codes of
    # the rest
    assert mcp_server.describe(fn) == (
        "End an active session with a summary; logs a session_ended activity. Errors: P0002 "
        "unknown session; 42501 the login may not act as the session's identity; also 55000, "
        "22023, 22001.")
    assert "22023 blank or missing summary" in fn.comment
    assert mcp_server.describe(fn, full=True) == fn.comment
    assert "(e.g. every entry of a session)" in mcp_server.describe(_fn("get_activity_by_source"))
    for f in API_FUNCTIONS:
        text = mcp_server.describe(f)
        first = text.split(" Errors: ")[0]
        assert len(text) <= mcp_server.DESCRIPTION_CHARS or len(first) > mcp_server.SUMMARY_CHARS, f.name
        assert "CONTRACT" not in text, f.name
        # every SQLSTATE of the comment's Errors text is still named
        errors = f.comment.split("Errors:", 1)[1].split("\n\n")[0] if "Errors:" in f.comment else ""
        assert set(mcp_server._codes(errors)) <= set(mcp_server._codes(text)), f.name


def test_a_long_first_sentence_is_cut_at_a_clause() -> None:
    long = ("Check one due reminder and act on it, with many words to make it long enough to cut: "
            "done -> complete it; not done -> reschedule it; failed -> record the failure and count "
            "it as an attempt, and so on for a while.")
    cut = mcp_server._clause(long, 160)
    assert cut.endswith(": ...") and len(cut) <= 160 and long.startswith(cut[:-5])
    assert mcp_server._clause("Short.", 160) == "Short."
    assert mcp_server._codes("ttl 1..86400 or 40001: retry; P0002 unknown; 22023 bad; P0002") == [
        "40001", "P0002", "22023"]


def test_bound_arguments_are_optional_only_when_bound() -> None:
    fn = _fn("send_message")
    assert "from_session_id" in mcp_server.input_schema(fn, bound=False)["required"]
    assert "from_session_id" not in mcp_server.input_schema(fn, bound=True)["required"]


# -- the catalog emitted by codegen (the sample functions of codegen_samples.sql) --
def test_generated_catalog_describes_every_method(sample_api: Any) -> None:
    import inspect

    catalog = {f.name: f for f in sample_api.API_FUNCTIONS}
    methods = {n: m for n, m in inspect.getmembers(sample_api.GatewayAPI, inspect.isfunction)
               if not n.startswith("_")}
    assert set(catalog) == set(methods) | {"execute_job"}
    for name, method in methods.items():
        signature = [p for p in inspect.signature(method).parameters if p != "self"]
        assert [p.py_name for p in catalog[name].params] == signature, name
    assert catalog["execute_job"].returns == "client"
    assert catalog["sample_series"].returns == "scalars"
    assert catalog["sample_defaults"].comment.startswith("Report the arguments it received.\n\n")
    assert [(p.name, p.py_name) for p in catalog["sample_reserved"].params][:2] == [
        ("limit", "limit"), ("from", "from_")]

    d = {p.name: p for p in catalog["sample_defaults"].params}
    assert d["required"].required and d["a_null"].sql_default == "NULL::text"
    assert d["a_text"].sql_default == "'it''s'::text"
    schema = {n: mcp_server.property_schema(p) for n, p in d.items()}
    assert schema["a_text"] == {"type": "string", "default": "it's"}
    assert schema["a_int"] == {"type": "integer", "default": 50}
    assert schema["a_bool"] == {"type": "boolean", "default": True}
    assert schema["a_col"] == {"type": "string", "default": "green"}
    assert schema["a_json"] == {"type": "object"}  # not a literal: the SQL default applies
    assert schema["a_null"] == {"type": "string"}
    t = {p.name: mcp_server.property_schema(p) for p in catalog["sample_types"].params}
    assert t["uarr"] == {"type": "array", "items": {"type": "string", "format": "uuid"}}
    assert t["js"] == t["j"] == {"type": "object"}
    assert t["dom"] == t["col"] == {"type": "string"}
    assert t["n"] == t["d"] == {"type": "number"} and t["dt"]["format"] == "date"
    assert t["iv"]["type"] == "string" and t["by"]["type"] == "string"


def test_calls_in_process(sample_api: Any, sample_api_dsn: str) -> None:
    from claude_gateway.client import AsyncGateway, connect_async

    class SampleGateway(sample_api.AsyncGatewayAPI, AsyncGateway):
        pass

    catalog = {f.name: f for f in sample_api.API_FUNCTIONS}

    async def main() -> list[tuple[bool, Any]]:
        gw = await connect_async(sample_api_dsn, gateway_class=SampleGateway, max_size=2)
        try:
            return [
                await mcp_server.call_tool(gw, catalog["sample_reserved"],
                                           {"from": "x", "limit": 3}, None),
                await mcp_server.call_tool(gw, catalog["sample_raise"], {"code": "P0002"}, None),
                await mcp_server.call_tool(gw, catalog["sample_defaults"],
                                           {"required": "r", "a_json": '{"a": [1]}'}, None),
                await mcp_server.call_tool(gw, catalog["sample_out"], {"x": 4}, None),
            ]
        finally:
            await gw.close()

    reserved, raised, defaults, out = anyio.run(main)
    assert reserved == (True, "limit=3 from=x order=asc select=f self= class=")
    assert raised == (False, {"error": "NotFound", "sqlstate": "P0002", "message": "boom P0002",
                              "detail": "detail P0002", "hint": "hint P0002"})
    assert defaults[0] and defaults[1]["a_json"] == {"a": [1]} and defaults[1]["a_int"] == 50
    assert out == (True, {"doubled": 8, "label": "x=4"})


def test_enumerated_parameters_list_their_values(conn: psycopg.Connection) -> None:
    """A text parameter named like an enumerated column takes the values its CHECK reads."""
    from claude_gateway._generated import API_FUNCTIONS

    catalog = {f.name: {p.name: p for p in f.params} for f in API_FUNCTIONS}

    def check_values(constraint: str) -> list[str]:
        row = conn.execute(
            "SELECT d.refobjid::regproc::text FROM pg_constraint c JOIN pg_depend d"
            " ON d.classid = 'pg_constraint'::regclass AND d.objid = c.oid"
            " AND d.refclassid = 'pg_proc'::regclass WHERE c.conname = %s", (constraint,)
        ).fetchone()
        assert row is not None, constraint
        values = conn.execute(f"SELECT {row[0]}()").fetchone()  # a name from the catalog
        assert values is not None
        return list(values[0])

    priority = catalog["send_message"]["priority"]
    assert list(priority.values or ()) == check_values("messages_priority_is_known")
    assert mcp_server.property_schema(priority) == {
        "type": "string", "enum": ["urgent", "normal", "low"], "default": "normal"}
    assert list(catalog["create_reminder"]["check_type"].values or ()) == check_values(
        "reminders_check_type_is_known")
    assert list(catalog["get_recent_activity"]["severity"].values or ()) == check_values(
        "activity_feed_severity_is_known")
    # `status` means different things in different tables: no values, plain text.
    assert catalog["update_job_result"]["status"].values is None
    # An integer parameter never takes a text column's values.
    assert catalog["create_scheduled_job"]["priority"].values is None
