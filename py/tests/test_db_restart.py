"""Restart recovery, for real: on a throwaway cluster of this module's own, the
postmaster is restarted (`pg_ctl restart -m fast`), stopped and started again, and the
backends are terminated (pg_terminate_backend), while

- the MCP server (the official SDK client over stdio) answers every call made after each
  of them, with no failed call, and lists its tools while the database is down;
- `claude-gateway inbox --follow` keeps running and prints mail sent after each;
- the hooks fail open while the database is down (nothing printed, exit 0, no traceback,
  left at once) and work again after it is back.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import psycopg
import pytest
from _cluster import as_postgres, free_port, run_cli
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from claude_gateway import claude_code, localdb

GATEWAY = str(Path(sys.executable).parent / "claude-gateway")
FAST = claude_code.fast_command()


class Cluster:
    """A migrated throwaway cluster and the ways to upset it."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.url = run_cli("db", "url", env=env).stdout.strip()  # the doors' login
        self.admin_url = run_cli("db", "url", "--admin", env=env).stdout.strip()
        self.local = localdb.Cluster(home=Path(env["CLAUDE_GATEWAY_HOME"]),
                                     port=int(env["CLAUDE_GATEWAY_PORT"]))

    def _pg_ctl(self, *args: str) -> None:
        argv = as_postgres([str(localdb.find_bindir() / "pg_ctl"), *args, "-D", str(self.local.datadir)])
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def restart(self) -> None:
        """pg_ctl restart -m fast (the server's options are kept in postmaster.opts)."""
        before = self.execute("SELECT pg_postmaster_start_time()", admin=True)
        self._pg_ctl("restart", "-w", "-m", "fast", "-l", str(self.local.logfile))
        assert self.execute("SELECT pg_postmaster_start_time()", admin=True) != before  # a new postmaster

    def stop(self) -> None:
        run_cli("db", "down", env=self.env)

    def start(self) -> None:
        run_cli("db", "up", env=self.env)

    def terminate_backends(self) -> int:
        with psycopg.connect(self.admin_url, autocommit=True) as c:
            row = c.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                            " AND datname = current_database()").fetchone()
        assert row is not None
        return int(row[0])

    def execute(self, sql: str, params: Any = None, *, admin: bool = False) -> Any:
        with psycopg.connect(self.admin_url if admin else self.url, autocommit=True, connect_timeout=10) as c:
            row = c.execute(sql, params).fetchone()
        return row[0] if row else None


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    home = tempfile.mkdtemp(prefix="cgw-restart-", dir="/tmp")
    os.chmod(home, 0o755)
    env = {"CLAUDE_GATEWAY_HOME": home, "CLAUDE_GATEWAY_PORT": str(free_port())}
    try:
        run_cli("db", "up", env=env)
        run_cli("migrate", env=env)
        yield Cluster(env)
    finally:
        run_cli("db", "down", env=env, check=False)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def up(cluster: Cluster) -> Iterator[Cluster]:
    """The cluster, running before and after the test whatever the test did to it."""
    cluster.start()
    yield cluster
    cluster.start()


def _agent(c: Cluster, prefix: str) -> tuple[str, str, str]:
    """(identity name, project, session id) of a new agent with an active session."""
    name, project = f"{prefix}-{uuid.uuid4().hex[:8]}", f"{prefix}-proj-{uuid.uuid4().hex[:6]}"
    identity = c.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                         " role_description => NULL)", (name,))
    session = c.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                        (identity, project))
    return name, project, str(session)


def _send(c: Cluster, session: str, subject: str) -> None:
    c.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s, subject => %s,"
              " body => 'b')", (session, session, subject))


# -- the MCP server -----------------------------------------------------------------------
def test_mcp_server_answers_after_restarts_with_no_failed_call(up: Cluster) -> None:
    name, _project, session = _agent(up, "mcp-restart")
    _send(up, session, "before")
    outcomes: list[tuple[str, Any]] = []

    async def body() -> list[str]:
        params = StdioServerParameters(command=GATEWAY, args=["mcp", "--attach", "--identity", name],
                                       env={**os.environ, "DATABASE_URL": up.url})
        async with stdio_client(params) as (r, w), ClientSession(r, w) as s:
            await s.initialize()

            async def calls(after: str) -> None:
                outcomes.append((after, await s.call_tool("get_pending_messages", {"limit": 5})))
                outcomes.append((after, await s.call_tool("register_identity", {
                    "identity_name": f"{name}-{len(outcomes)}", "platform": "test",
                    "role_description": "a write"})))

            await calls("start")
            await anyio.to_thread.run_sync(up.restart)
            await calls("pg_ctl restart")
            await anyio.to_thread.run_sync(up.terminate_backends)
            await calls("pg_terminate_backend")
            await anyio.to_thread.run_sync(up.stop)
            down = [t.name for t in (await s.list_tools()).tools]  # no database needed
            await anyio.to_thread.run_sync(up.start)
            await calls("stop and start")
            return down

    down = anyio.run(body)
    assert "get_pending_messages" in down
    failed = [(after, r.content[0].text) for after, r in outcomes if r.is_error]
    assert failed == []
    assert len(outcomes) == 8
    pending = [r.structured_content for after, r in outcomes if after != "start"][::2]
    assert all([m["subject"] for m in p["result"]] == ["before"] for p in pending), pending


# -- inbox --follow -------------------------------------------------------------------------
def test_inbox_follow_runs_across_restarts_and_prints_later_mail(up: Cluster, tmp_path: Path) -> None:
    name, _project, session = _agent(up, "follow-restart")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(up.env)  # the local cluster of CLAUDE_GATEWAY_HOME/PORT
    proc = subprocess.Popen([GATEWAY, "inbox", "--follow", "--identity", name], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    errors: list[str] = []

    def read(stream: Any, into: Callable[[str], None]) -> None:
        for line in stream:
            into(line)

    assert proc.stdout is not None and proc.stderr is not None
    threads = [threading.Thread(target=read, args=(proc.stdout, lines.put), daemon=True),
               threading.Thread(target=read, args=(proc.stderr, errors.append), daemon=True)]
    for t in threads:
        t.start()

    def next_line(limit: float = 60.0) -> str:
        try:
            return lines.get(timeout=limit)
        except queue.Empty:
            raise AssertionError(f"inbox --follow printed nothing in {limit} s; stderr: {errors}") from None

    try:
        deadline = time.monotonic() + 60
        while not any("following the inbox" in e for e in errors) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any("following the inbox" in e for e in errors), errors
        _send(up, session, "before any restart")
        assert "before any restart" in next_line()

        up.restart()
        _send(up, session, "after pg_ctl restart")
        assert "after pg_ctl restart" in next_line()

        up.stop()
        time.sleep(2)  # down for a while: --follow keeps trying
        assert proc.poll() is None
        up.start()
        _send(up, session, "after stop and start")
        assert "after stop and start" in next_line()

        up.terminate_backends()
        _send(up, session, "after pg_terminate_backend")
        assert "after pg_terminate_backend" in next_line()
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert lines.empty()  # each message printed once
    assert not any("Traceback" in e for e in errors), errors
    assert any("reconnecting" in e for e in errors)  # it did see the restarts


# -- the hooks ------------------------------------------------------------------------------
def test_hooks_fail_open_while_the_database_is_down_and_work_after(up: Cluster, tmp_path: Path) -> None:
    name, project = f"hook-restart-{uuid.uuid4().hex[:8]}", f"hook-restart-{uuid.uuid4().hex[:6]}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(up.env, XDG_CACHE_HOME=str(tmp_path))  # the local cluster: the hooks find it themselves
    base = ["--identity", name, "--project", project]
    start = json.dumps({"session_id": "c1", "cwd": str(tmp_path), "hook_event_name": "SessionStart",
                        "source": "startup"})
    prompt = json.dumps({"session_id": "c1", "cwd": str(tmp_path), "hook_event_name": "UserPromptSubmit",
                         "prompt": "x"})
    hooks = {"fast prompt": [*FAST, "hook", "prompt", *base], "fast stop": [*FAST, "hook", "stop", *base],
             "console prompt": [GATEWAY, "hook", "prompt", *base]}

    def run(argv: list[str], stdin: str) -> tuple[subprocess.CompletedProcess[str], float]:
        started = time.monotonic()
        res = subprocess.run(argv, input=stdin, env=env, capture_output=True, text=True, timeout=30)
        return res, time.monotonic() - started

    started = run([GATEWAY, "startup", "--format", "claude-hook", *base], start)[0]
    assert started.returncode == 0 and "session" in started.stdout, started.stderr
    session = up.execute("SELECT session_id FROM claude.active_sessions WHERE identity_name = %s", (name,))

    up.stop()
    timings = {}
    for what, argv in hooks.items():
        res, elapsed = run(argv, prompt)
        assert (res.returncode, res.stdout, res.stderr) == (0, "", ""), what
        timings[what] = elapsed
    # the unix socket is gone: libpq fails at once, well inside the 0.9 s budget (the margin is
    # Python's start on a loaded machine)
    assert max(timings.values()) < 5, timings
    compact = json.dumps({**json.loads(start), "source": "compact"})
    res, _ = run([GATEWAY, "startup", "--format", "claude-hook", *base], compact)
    assert res.returncode == 0 and "Traceback" not in res.stdout + res.stderr
    print("\n[restart] hooks with the database down: "
          + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))

    up.start()
    assert run(hooks["fast prompt"], prompt)[0].stdout == ""  # back, and nothing new
    _send(up, str(session), "after the restart")
    res, _ = run(hooks["fast prompt"], prompt)
    assert "after the restart" in json.loads(res.stdout)["hookSpecificOutput"]["additionalContext"]
    up.restart()
    _send(up, str(session), "after pg_ctl restart")
    res, _ = run(hooks["console prompt"], prompt)
    assert "after pg_ctl restart" in json.loads(res.stdout)["hookSpecificOutput"]["additionalContext"]
    run(hooks["fast stop"], prompt)
    assert up.execute("SELECT liveness FROM claude.active_sessions WHERE session_id = %s",
                      (session,)) == "idle"
    # the same session went on through all of it
    assert up.execute("SELECT count(*) FROM claude.sessions s JOIN claude.identities i USING (identity_id)"
                      " WHERE i.identity_name = %s", (name,), admin=True) == 1
