"""docs/BOUNDS.md at the doors: the CLI, the hooks and the MCP server never
print a traceback or a password, the MCP server checks arguments against its own
advertised schemas before any SQL runs and answers every request, and the startup
output says what it left out.

Everything runs as real processes, connected as a LOGIN role that is a member of
claude_agent (not the superuser).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import psycopg
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from psycopg import conninfo, sql

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-Pa55word"


@pytest.fixture(scope="module")
def agent_dsn(dsn: str) -> Iterator[str]:
    name = f"cgw_doors_agent_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE claude_agent").format(sql.Identifier(name)))
    try:
        yield conninfo.make_conninfo(dsn, user=name)
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def cli(args: list[Any], dsn: str, tmp: Path, *, stdin: bytes = b"",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("CLAUDE_GATEWAY_IDENTITY", "PGPASSWORD")}
    full.update({"DATABASE_URL": dsn, "XDG_CACHE_HOME": str(tmp / "cache")}, **(env or {}))
    return subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], input=stdin,
                          capture_output=True, env=full, cwd=tmp, timeout=120)


def clean(result: subprocess.CompletedProcess[bytes]) -> str:
    """Both streams as text, asserting there is no traceback in them."""
    out = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out, out
    return out


# --------------------------------------------------------------------------
# CLI and hooks
# --------------------------------------------------------------------------
def test_a_subject_with_invalid_utf8_bytes_is_a_clean_error(agent_dsn: str, tmp_path: Path) -> None:
    me = f"doors-{uuid.uuid4().hex[:8]}"
    assert cli(["startup", "--identity", me, "--project", "doors"], agent_dsn, tmp_path).returncode == 0
    bad = b"caf\xe9 \xff\xfe"  # latin-1 bytes: not UTF-8 (they reach Python as surrogates)
    result = cli(["send", "--identity", me, "--to", me, "--subject", bad, "--body", "b"], agent_dsn, tmp_path)
    out = clean(result)
    assert result.returncode == 1
    assert out.startswith("error: ") and "UTF-8" in out and len(out.splitlines()) == 1


def test_a_limit_past_int4_is_a_usage_error(agent_dsn: str, tmp_path: Path) -> None:
    for args in (["activity", "--limit", "99999999999"],
                 ["knowledge", "search", "x", "--limit", "99999999999"]):
        result = cli(args, agent_dsn, tmp_path)
        out = clean(result)
        assert result.returncode == 2 and "--limit" in out


def test_a_hook_cwd_with_a_nul_byte_is_a_one_line_warning(agent_dsn: str, tmp_path: Path) -> None:
    stdin = json.dumps({"session_id": "x", "cwd": "/home/a\u0000b",
                        "hook_event_name": "SessionStart"}).encode()
    hook = ["--identity", "doors-nul", "--format", "claude-hook"]
    result = cli(["startup", *hook], agent_dsn, tmp_path, stdin=stdin)
    clean(result)
    assert result.returncode == 0
    context = json.loads(result.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "NUL" in context and "continuing without it" in context and "\n" not in context
    # the same in the SessionEnd hook: a warning, exit 0
    result = cli(["end", *hook], agent_dsn, tmp_path, stdin=stdin)
    assert result.returncode == 0 and "NUL" in clean(result)
    # a lone surrogate and a non-string are refused the same way
    for bad in (b'{"cwd": "/home/\\ud800"}', b'{"cwd": ["/"]}'):
        result = cli(["startup", "--identity", "doors-nul", "--format", "claude-hook"], agent_dsn, tmp_path,
                     stdin=bad)
        assert result.returncode == 0, clean(result)
        assert "continuing without it" in json.loads(result.stdout)["hookSpecificOutput"]["additionalContext"]


@pytest.mark.parametrize("url", [
    f"postgresql://doors:{SECRET}@127.0.0.1:1/nothing?connect_timeout=2",
    f"host=127.0.0.1 port=1 user=doors password={SECRET} connect_timeout=2",
    f"postgresql://doors:{SECRET}@127.0.0.1:1/nothing?connect_timeout=2&bogus_option=1",
])
def test_no_door_prints_the_password(url: str, tmp_path: Path) -> None:
    for args in (["status"], ["status", "--json"], ["db", "status"], ["startup", "--format", "claude-hook"],
                 ["startup", "--format", "text"], ["end", "--format", "claude-hook"], ["inbox"],
                 ["run-jobs"], ["migrate"]):
        result = cli(args, url, tmp_path)
        out = clean(result)
        assert SECRET not in out, (args, out)
        assert result.returncode in (0, 1), (args, out)
    # `db url` is the one command meant to print the DSN (scripts read it): documented, unmasked
    assert SECRET in cli(["db", "url"], url, tmp_path).stdout.decode()


def test_startup_output_says_what_it_left_out(dsn: str, agent_dsn: str, tmp_path: Path) -> None:
    project = f"doors-{uuid.uuid4().hex[:8]}"
    me, you = f"{project}-me", f"{project}-you"
    assert cli(["startup", "--identity", you, "--project", project], agent_dsn, tmp_path).returncode == 0
    with psycopg.connect(agent_dsn, autocommit=True) as c:
        yours = c.execute("SELECT session_id FROM claude.active_sessions WHERE identity_name = %s",
                          (you,)).fetchone()[0]
        for i in range(25):
            c.execute("SELECT claude.broadcast_to_project(from_session_id => %s, project_name => %s, "
                      "subject => %s, body => repeat('b', 60000))", (yours, project, f"news {i}"))
        for i in range(12):
            c.execute("SELECT claude.create_reminder(title => %s, check_after => now() - interval '1 hour', "
                      "project_name => %s)", (f"due {i}", project))
    result = cli(["startup", "--identity", me, "--project", project, "--format", "claude-hook"], agent_dsn,
                 tmp_path)
    clean(result)
    context = json.loads(result.stdout)["hookSpecificOutput"]["additionalContext"]
    assert "(25 message(s), 12 due reminder(s)" in context
    assert "Pending messages (20 of 25" in context and "Due reminders (10 of 12)" in context
    # what is left out is counted, with the command that shows it
    assert "5 more not shown: `claude-gateway inbox`" in context
    assert "2 more not shown: `claude-gateway reminders`" in context
    assert len(context) < 20000, "25 bodies of 60,000 characters do not reach the agent"
    bundle = json.loads(cli(["startup", "--identity", me, "--project", project, "--format", "json",
                             "--no-checks"], agent_dsn, tmp_path).stdout)
    assert bundle["pending_messages_total"] == 25 and len(bundle["pending_messages"]) == 20
    assert bundle["due_reminders_total"] == 12 and len(bundle["due_reminders"]) == 10


# --------------------------------------------------------------------------
# MCP: the official SDK client over stdio
# --------------------------------------------------------------------------
def test_mcp_arguments_are_checked_against_the_advertised_schema(dsn: str, agent_dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as c:
        ident = c.execute("SELECT claude.register_identity(identity_name => %s, platform => 'x', "
                          "role_description => NULL)", (f"doors-{uuid.uuid4().hex[:8]}",)).fetchone()[0]
        session = str(c.execute("SELECT claude.start_session(identity_id => %s, project_name => 'doors')",
                                (ident,)).fetchone()[0])
        before = c.execute("SELECT count(*) FROM claude.messages").fetchone()[0]
    base = {"from_session_id": session, "to_session_id": session, "subject": "s", "body": "b"}
    cases = {
        "expires_in_days": ({**base, "expires_in_days": 2.5}, "expires_in_days: 2.5 is not an integer"),
        "expires_in_days bool": ({**base, "expires_in_days": True},
                                 "expires_in_days: true is not an integer"),
        "to_session_id": ({**base, "to_session_id": 12345}, "to_session_id: 12345 is not a string"),
        "body": ({**base, "body": {"a": 1}}, "body: {\"a\": 1} is not a string"),
        "uuid format": ({**base, "to_session_id": "not-a-uuid"},
                        "to_session_id: \"not-a-uuid\" is not a uuid"),
        "int4 range": ({**base, "expires_in_days": 99999999999},
                       "expires_in_days: 99999999999 is out of range for integer"),
        "priority enum": ({**base, "priority": "URGENT"},
                          "priority: \"URGENT\" is not one of urgent, normal, low"),
    }

    async def main() -> dict[str, Any]:
        params = StdioServerParameters(command=sys.executable, args=["-m", "claude_gateway.cli", "mcp"],
                                       env={"DATABASE_URL": agent_dsn}, cwd=REPO)
        out = {}
        async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
            await s.initialize()
            for name, (arguments, _) in cases.items():
                with anyio.fail_after(30):
                    out[name] = await s.call_tool("send_message", arguments)
        return out

    results = anyio.run(main)
    for name, (_, expected) in cases.items():
        result = results[name]
        assert result.is_error, name
        error = json.loads(result.content[0].text)
        assert error["sqlstate"] == "22023" and error["error"] == "InvalidArgument", (name, error)
        assert expected in error["message"], (name, error["message"])
    with psycopg.connect(dsn, autocommit=True) as c:
        assert c.execute("SELECT count(*) FROM claude.messages").fetchone()[0] == before, "no SQL ran"


def _rpc(ident: int, method: str, params: dict[str, Any] | None = None) -> bytes:
    message: dict[str, Any] = {"jsonrpc": "2.0", "id": ident, "method": method}
    if params is not None:
        message["params"] = params
    return json.dumps(message).encode()


def test_mcp_answers_every_request_on_raw_stdin(agent_dsn: str) -> None:
    """Malformed JSON, a lone surrogate, a request nested 250 levels deep, invalid UTF-8:
    each request gets a JSON-RPC answer (an error), and the server keeps serving."""
    env = {**os.environ, "DATABASE_URL": agent_dsn}
    proc = subprocess.Popen([sys.executable, "-m", "claude_gateway.cli", "mcp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    assert proc.stdin is not None and proc.stdout is not None

    def send(line: bytes) -> None:
        assert proc.stdin is not None
        proc.stdin.write(line + b"\n")
        proc.stdin.flush()

    def answer(timeout: float = 20) -> dict[str, Any]:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        assert ready, "no answer: the server left the client waiting"
        return json.loads(proc.stdout.readline())

    try:
        send(_rpc(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                    "clientInfo": {"name": "raw", "version": "1"}}))
        assert answer(60)["id"] == 1
        send(b'{"jsonrpc":"2.0","method":"notifications/initialized"}')
        deep = b'{"a":' * 250 + b"1" + b"}" * 250
        hostile = [
            (b'{"jsonrpc":"2.0","id":2,"method":', None, -32700),
            (b'{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"cron_next",'
             b'"arguments":{"expression":"\\ud800"}}}', 3, -32600),
            (b'{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"send_message",'
             b'"arguments":{"metadata":' + deep + b"}}}", 4, -32600),
            (b"[1, 2", None, -32700),
            (b'"just a string"', None, -32600),
        ]
        for line, ident, code in hostile:
            send(line)
            reply = answer()
            assert reply["id"] == ident and reply["error"]["code"] == code, (line[:60], reply)
        # a notification that cannot be parsed gets no answer (JSON-RPC), the next request does
        send(b'{"jsonrpc":"2.0","method":"notifications/x","params":' + deep + b"}")
        send(b"")
        # invalid UTF-8 bytes in a string: decoded with replacement characters, the call is answered
        send(b'{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"cron_next",'
             b'"arguments":{"expression":"\xff\xfe"}}}')
        reply = answer()
        assert reply["id"] == 5 and reply["result"]["isError"] is True
        assert json.loads(reply["result"]["content"][0]["text"])["sqlstate"] == "22023"
        send(_rpc(6, "tools/list"))
        reply = answer()
        assert reply["id"] == 6 and reply["result"]["tools"], "still serving"
    finally:
        proc.kill()
        proc.wait(10)
        stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    assert "Traceback" not in stderr, stderr[-2000:]


def test_mcp_cannot_pass_an_unknown_argument_or_a_huge_text(agent_dsn: str) -> None:
    async def main() -> tuple[Any, Any]:
        params = StdioServerParameters(command=sys.executable, args=["-m", "claude_gateway.cli", "mcp"],
                                       env={"DATABASE_URL": agent_dsn}, cwd=REPO)
        async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
            await s.initialize()
            with anyio.fail_after(60):
                huge = await s.call_tool("cron_next", {"expression": "x" * 2_000_000})
                extra = await s.call_tool("cron_next", {"expression": "* * * * *", "sql": "DROP TABLE x"})
        return huge, extra

    huge, extra = anyio.run(main)
    assert json.loads(huge.content[0].text)["sqlstate"] == "22001"
    assert len(huge.content[0].text) < 2000, "the error does not echo the value"
    assert json.loads(extra.content[0].text)["sqlstate"] == "22023"



def test_the_python_client_does_not_print_the_password() -> None:
    import claude_gateway

    for url in (f"postgresql://doors:{SECRET}@127.0.0.1:1/nothing?connect_timeout=2",
                f"host=127.0.0.1 port=1 password={SECRET} connect_timeout=2"):
        with pytest.raises(claude_gateway.GatewayError) as info:
            claude_gateway.connect(dsn=url)
        assert SECRET not in str(info.value) and SECRET not in repr(info.value)
