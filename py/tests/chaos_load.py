"""One load process of the chaos suite (test_db_chaos.py): `python chaos_load.py ROLE DSN LOG ...`.

Each role loops until SIGTERM and appends one line per call to LOG:
`ok <unix time> <what>` or `err <unix time> <error class>`, flushed at once,
so the suite can tell when each process came back after a fault.  No role
ever restarts itself or its connections: recovery is the client's own.

  sender DSN LOG FROM_SID TO_SID NAME   send_message through a pooled Gateway, each
                                        logical send with its own idempotency key, retried
                                        with that key until it returns (ok line: the id)
  jobs DSN LOG PROJECT                  create a due-once job every 0.1 s (keyed, retried)
  startup DSN LOG IDENTITY PROJECT      `claude-gateway startup` then `end`, in a loop
  mcp DSN LOG IDENTITY PROJECT          one `claude-gateway mcp` server for the whole run,
                                        driven by the MCP SDK client: get_pending_messages
  follow DSN LOG IDENTITY               one `claude-gateway inbox --follow --json` for the whole
                                        run (ok line: the id of each message it prints)
  fragile DSN LOG                       NOT a client of ours: one plain psycopg connection that
                                        is never replaced (the suite's own check that a process
                                        which does not come back is reported as such)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

STOP = threading.Event()


def log(path: str, ok: bool, what: str) -> None:
    with open(path, "a") as f:
        f.write(f"{'ok' if ok else 'err'} {time.time():.3f} {what}\n")


def until_done(path: str, what: str, call: Callable[[], object]) -> None:
    """call() until it succeeds (or STOP): each failure is logged and the same call, with the
    same idempotency key, is sent again; the success is logged as "<its result> <what>"."""
    while not STOP.is_set():
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - logged, then the same key again
            log(path, False, type(exc).__name__)
            STOP.wait(0.1)
            continue
        log(path, True, f"{result} {what}")
        return


def sender(dsn: str, path: str, from_sid: str, to_sid: str, name: str) -> None:
    import claude_gateway

    gw = claude_gateway.connect(dsn, min_size=2, max_size=2, timeout=5)
    i = 0
    while not STOP.is_set():
        key, subject = str(uuid.uuid4()), f"{name}-{i}"
        until_done(path, subject, partial(
            gw.send_message, from_session_id=from_sid, to_session_id=to_sid, subject=subject, body="chaos",
            expires_in_days=None, idempotency_key=key))
        i += 1
        STOP.wait(0.02)


def jobs(dsn: str, path: str, project: str) -> None:
    import claude_gateway

    gw = claude_gateway.connect(dsn, min_size=1, max_size=1, timeout=5)
    i = 0
    while not STOP.is_set():
        key, name = str(uuid.uuid4()), f"{project}-{i}"
        until_done(path, name, partial(
            gw.create_scheduled_job, job_name=name, job_type="maintenance", command="sleep 0.3",
            trigger_condition={"days_since_last_run": 1}, timeout_seconds=2,
            retry_on_failure=True, max_retries=5, metadata={"retry_backoff_seconds": 0},
            project_name=project, idempotency_key=key))
        i += 1
        STOP.wait(0.1)


def startup(dsn: str, path: str, identity: str, project: str) -> None:
    env = dict(os.environ, DATABASE_URL=dsn, XDG_CACHE_HOME=os.path.dirname(path))
    cli = [sys.executable, "-m", "claude_gateway.cli"]
    while not STOP.is_set():
        ok = True
        for args in (["startup", "--identity", identity, "--project", project, "--format", "json",
                      "--connect-timeout", "2"],
                     ["end", "--identity", identity, "--project", project, "--summary", "chaos"]):
            res = subprocess.run([*cli, *args], capture_output=True, text=True, env=env, timeout=60)
            if res.returncode != 0:
                ok = False
                log(path, False, args[0] + ": " + (res.stdout + res.stderr).strip()[-120:].replace("\n", " "))
                break
        if ok:
            log(path, True, "startup+end")
        STOP.wait(0.2)


def mcp(dsn: str, path: str, identity: str, project: str) -> None:
    import anyio
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    async def drive() -> None:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "claude_gateway.cli", "mcp", "--identity", identity, "--project", project],
            env=dict(os.environ, DATABASE_URL=dsn))
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            log(path, True, "mcp server up")
            while not STOP.is_set():
                try:
                    res = await session.call_tool("get_pending_messages", {})
                    text = res.content[0].text if res.content else ""  # type: ignore[union-attr]
                    if res.is_error:
                        log(path, False, json.loads(text).get("error", "error"))
                    else:
                        log(path, True, "get_pending_messages")
                except Exception as exc:  # noqa: BLE001 - the server itself failed
                    log(path, False, f"client {type(exc).__name__}")
                await anyio.sleep(0.1)

    anyio.run(drive)


def follow(dsn: str, path: str, identity: str) -> None:
    env = dict(os.environ, DATABASE_URL=dsn)
    proc = subprocess.Popen([sys.executable, "-m", "claude_gateway.cli", "inbox", "--follow", "--json",
                             "--identity", identity],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    threading.Thread(target=lambda: (STOP.wait(), proc.terminate()), daemon=True).start()
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.strip()
        if line.startswith("{"):
            log(path, True, f"{json.loads(line)['message_id']} printed")
        elif line.startswith("following"):
            log(path, True, "following")
        elif line:
            log(path, False, "follow: " + line[:120])
    if not STOP.is_set():
        log(path, False, f"follow: inbox --follow exited with {proc.wait()}")


def fragile(dsn: str, path: str) -> None:
    import psycopg

    conn = psycopg.connect(dsn, autocommit=True)
    while not STOP.is_set():
        try:
            conn.execute("SELECT 1")
            log(path, True, "select")
        except psycopg.Error as exc:
            log(path, False, type(exc).__name__)
        STOP.wait(0.1)


ROLES: dict[str, Any] = {"sender": sender, "jobs": jobs, "startup": startup, "mcp": mcp, "follow": follow,
                         "fragile": fragile}

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    role, *args = sys.argv[1:]
    try:
        ROLES[role](*args)
    except KeyboardInterrupt:
        pass
    os._exit(0)  # do not wait for pool threads
