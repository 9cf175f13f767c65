"""The peer agents use: MCP Agent Mail (PyPI mcp-agent-mail), against our MCP server.

Agent Mail runs from its own venv (CGW_AGENT_MAIL_PYTHON, default
/tmp/cgw-agent-mail/bin/python; `python -m venv DIR && DIR/bin/pip install
mcp-agent-mail`) with `serve-http` on a free loopback port, LLM_ENABLED=false,
its SQLite database and git archive in a temporary directory.  Our server is
`claude-gateway mcp` over stdio on the benchmark database.  The same MCP SDK
client (mcp.client.session.ClientSession) makes the same calls through both in
one run: N direct messages from one agent to another, then N reads of the
recipient's inbox; p50/p99 per call and the size of an inbox answer.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from .report import Result

AGENT_MAIL_PYTHON = os.environ.get("CGW_AGENT_MAIL_PYTHON", "/tmp/cgw-agent-mail/bin/python")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(round(p * len(xs))) - 1))]


async def _timed(session: Any, tool: str, args: dict[str, Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    res = await session.call_tool(tool, args)
    ms = (time.perf_counter() - t0) * 1000
    if res.is_error:
        raise RuntimeError(f"{tool}: {res.content[0].text if res.content else res}")
    return ms, res


def _size(res: Any) -> int:
    text = sum(len(getattr(c, "text", "") or "") for c in res.content)
    return text + len(str(res.structured_content or ""))


async def _ours(dsn: str, n: int) -> dict[str, Any]:
    import psycopg
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    tag = uuid.uuid4().hex[:6]
    with psycopg.connect(dsn, autocommit=True) as c:
        rcpt = c.execute("SELECT claude.register_identity(identity_name => %s, platform => 'bench',"
                         " role_description => 'peer bench reader')", (f"peer-r-{tag}",)).fetchone()[0]  # type: ignore[index]
        rsid = c.execute("SELECT claude.start_session(identity_id => %s, project_name => 'peer-bench')",
                         (rcpt,)).fetchone()[0]  # type: ignore[index]
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "claude_gateway.cli", "mcp", "--identity", f"peer-s-{tag}", "--project", "peer-bench"],
        env=dict(os.environ, DATABASE_URL=dsn))
    send: list[float] = []
    inbox: list[float] = []
    size = count = 0
    async with stdio_client(params) as (read, write), ClientSession(read, write) as s:
        await s.initialize()
        await _timed(s, "get_active_identities", {})  # binds the identity, starts its session
        for i in range(n):
            ms, _ = await _timed(s, "send_message", {"to_session_id": str(rsid), "subject": f"peer {i}",
                                                     "body": "peer benchmark message"})
            send.append(ms)
        for _ in range(n):
            ms, res = await _timed(s, "get_pending_messages", {"session_id": str(rsid)})
            inbox.append(ms)
            size = _size(res)
            count = len((res.structured_content or {}).get("result") or [])
    return {"send": send, "inbox": inbox, "inbox_bytes": size, "inbox_count": count}


async def _agent_mail(n: int) -> dict[str, Any]:
    import anyio
    from mcp.client.session import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    tmp = Path(tempfile.mkdtemp(prefix="cgw-agent-mail-"))
    port = _free_port()
    env = dict(os.environ, LLM_ENABLED="false", LITELLM_LOCAL_MODEL_COST_MAP="True",
               DATABASE_URL=f"sqlite+aiosqlite:///{tmp}/mail.sqlite3",
               STORAGE_ROOT=str(tmp / "archive"), HTTP_HOST="127.0.0.1", HTTP_PORT=str(port),
               HTTP_BEARER_TOKEN="")
    env.pop("PYTHONPATH", None)
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([AGENT_MAIL_PYTHON, "-m", "mcp_agent_mail.cli", "serve-http",
                             "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = (tmp / "server.log").read_text()[-2000:]
                    raise RuntimeError("Agent Mail did not start: " + tail) from exc
                await anyio.sleep(0.5)
        send: list[float] = []
        inbox: list[float] = []
        size = 0
        project = str(tmp / "project")
        async with streamable_http_client(f"http://127.0.0.1:{port}/mcp/") as (read, write, *_), \
                ClientSession(read, write) as s:
            await s.initialize()
            await _timed(s, "ensure_project", {"human_key": project})
            names = []
            for _ in range(2):
                _, res = await _timed(s, "register_agent", {"project_key": project, "program": "bench",
                                                           "model": "none"})
                names.append((res.structured_content or {}).get("name")
                             or __import__("json").loads(res.content[0].text)["name"])
            sender, rcpt = names
            for i in range(n):
                ms, _ = await _timed(s, "send_message", {"project_key": project, "sender_name": sender,
                                                         "to": [rcpt], "subject": f"peer {i}",
                                                         "body_md": "peer benchmark message"})
                send.append(ms)
            for _ in range(n):
                ms, res = await _timed(s, "fetch_inbox", {"project_key": project, "agent_name": rcpt})
                inbox.append(ms)
                size = _size(res)
        return {"send": send, "inbox": inbox, "inbox_bytes": size}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def bench_peer(dsn: str, n: int, log: Any) -> list[Result]:
    import anyio

    if not Path(AGENT_MAIL_PYTHON).exists():
        why = (f"skipped: no Agent Mail venv at {AGENT_MAIL_PYTHON} (python -m venv DIR && "
               "DIR/bin/pip install mcp-agent-mail; CGW_AGENT_MAIL_PYTHON=DIR/bin/python)")
        return [Result(bench="peer", figure="MCP send_message / inbox against Agent Mail", skipped=why)]
    ours = anyio.run(_ours, dsn, n)
    theirs = anyio.run(_agent_mail, n)
    log(f"peer: ours send p50 {statistics.median(ours['send']):.1f} ms, agent mail "
        f"{statistics.median(theirs['send']):.1f} ms")
    out = []
    for call, tool in (("send", "send_message"), ("inbox", "get_pending_messages / fetch_inbox")):
        for p, name in ((0.5, "p50"), (0.99, "p99")):
            a, b = _pct(ours[call], p), _pct(theirs[call], p)
            out.append(Result(
                bench="peer", figure=f"MCP {tool} {name}", value=a, unit="ms",
                against="MCP Agent Mail (serve-http), same client", baseline=b, ratio=a / b,
                target="< 1 (ahead of Agent Mail)", passed=a < b,
                detail={"ours": ours[call], "agent_mail": theirs[call]} if name == "p50" else {},
                note=(f"{n} calls each through the MCP SDK ClientSession: ours over stdio "
                      "(claude-gateway mcp, bound identity), Agent Mail over Streamable HTTP on loopback "
                      "(LLM_ENABLED=false, SQLite and git archive in a temp dir). "
                      + (f"Inbox answer after {n} messages: ours {ours['inbox_bytes']:,} bytes, Agent Mail "
                         f"{theirs['inbox_bytes']:,} bytes (its fetch_inbox returns 20 by default)."
                         if call == "inbox" else "")) if name == "p50" else ""))
    out.append(Result(
        bench="peer", figure=f"MCP inbox answer after {n} messages (text + structuredContent)",
        value=ours["inbox_bytes"], unit="bytes", against="MCP Agent Mail fetch_inbox, same inbox",
        baseline=theirs["inbox_bytes"], ratio=ours["inbox_bytes"] / max(1, theirs["inbox_bytes"]),
        target=f"bounded: one page, not all {n}", passed=0 < ours["inbox_count"] < n,
        note=(f"ours returned {ours['inbox_count']} of the {n} pending messages (a page; next_offset for the "
              "rest), Agent Mail its default 20")))
    return out
