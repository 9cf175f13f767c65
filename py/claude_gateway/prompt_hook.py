"""`claude-gateway hook prompt` and `hook stop`: the mid-session hooks, kept lean.

`hook prompt` (UserPromptSubmit, and PostToolUse with --min-interval) puts the
mail that arrived for this agent since its session started, and was not shown
yet, into the conversation as `additionalContext` (claude.deliver_new_messages:
at most --limit messages, urgent first, each at most once per gateway session,
recorded in the database).  It prints nothing when nothing is new.
`hook stop` (Stop) marks the session idle.  Both mark the session seen.

They never block the agent: any failure prints nothing and exits 0, and the
process leaves after `BUDGET` seconds whatever it is waiting for.  They run on
every prompt (and tool call), so they import little: no click, no psycopg, no
pool, no generated client; libpq itself through ctypes, one connection, one statement.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

TYPE_CHECKING = False  # typing is not imported at run time: the hooks start lean
if TYPE_CHECKING:
    from typing import Any

# Seconds: fail open within the 1 s promise.  CLAUDE_GATEWAY_HOOK_BUDGET overrides it (the tests
# that drive the real Claude Code on a loaded machine give it more, so that they are not flaky).
BUDGET = 0.9
BODY_CHARS = 400  # per message in the context (the database cuts at 1,000)



def _arg(argv: list[str], name: str, default: str | None = None) -> str | None:
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


def _libpq() -> object | None:
    """libpq through ctypes (the C library psycopg uses too): importing psycopg costs more than
    the whole hook may take.  None when no libpq.so.5 can be loaded."""
    import ctypes

    def candidates() -> Any:  # the usual names first: find_library runs ldconfig
        yield from ("libpq.so.5", "libpq.5.dylib")
        import glob

        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # site-packages
        yield from glob.glob(os.path.join(here, "psycopg_binary.libs", "libpq*.so*"))
        import ctypes.util

        yield ctypes.util.find_library("pq")

    for name in candidates():
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.PQconnectdb.restype = ctypes.c_void_p
        lib.PQconnectdb.argtypes = [ctypes.c_char_p]
        lib.PQstatus.argtypes = [ctypes.c_void_p]
        lib.PQfinish.argtypes = [ctypes.c_void_p]
        lib.PQexecParams.restype = ctypes.c_void_p
        lib.PQexecParams.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p,
                                     ctypes.POINTER(ctypes.c_char_p), ctypes.c_void_p, ctypes.c_void_p,
                                     ctypes.c_int]
        lib.PQresultStatus.argtypes = [ctypes.c_void_p]
        lib.PQntuples.argtypes = [ctypes.c_void_p]
        lib.PQgetisnull.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.PQgetvalue.restype = ctypes.c_char_p
        lib.PQgetvalue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        lib.PQclear.argtypes = [ctypes.c_void_p]
        return lib
    return None


def _query(dsn: str, sql: str, params: list[str | None]) -> str | None:
    """The first column of the first row as text, or None (no row, NULL, or any error)."""
    lib: Any = _libpq()
    if lib is None:  # no loadable libpq: psycopg's binding of it
        from psycopg import pq

        conn = pq.PGconn.connect(dsn.encode())
        try:
            if conn.status != pq.ConnStatus.OK:
                return None
            res = conn.exec_params(sql.encode(), [p.encode() if p is not None else None for p in params])
            if res.status != pq.ExecStatus.TUPLES_OK or res.ntuples < 1:
                return None
            value = res.get_value(0, 0)
            return value.decode() if value is not None else None
        finally:
            conn.finish()
    import ctypes

    conn = lib.PQconnectdb(dsn.encode())
    try:
        if not conn or lib.PQstatus(conn) != 0:  # CONNECTION_OK
            return None
        values = (ctypes.c_char_p * len(params))(*[p.encode() if p is not None else None for p in params])
        res = lib.PQexecParams(conn, sql.encode(), len(params), None, values, None, None, 0)
        try:
            if not res or lib.PQresultStatus(res) != 2 or lib.PQntuples(res) < 1:  # PGRES_TUPLES_OK
                return None
            if lib.PQgetisnull(res, 0, 0):
                return None
            return str(lib.PQgetvalue(res, 0, 0).decode())
        finally:
            lib.PQclear(res)
    finally:
        if conn:
            lib.PQfinish(conn)


def _session_sql(state_session: str | None, named: bool) -> tuple[str, list[str | None]]:
    """The session expression: the one `startup` remembered, else the identity's active one
    (without a name given: that of the identity bound to the login, claude.whoami(), first,
    as `startup` chooses it)."""
    if state_session:
        return "$1::uuid", [state_session]
    by_name = "(SELECT a.session_id FROM claude.active_sessions a WHERE a.identity_name = $1 LIMIT 1)"
    if named:
        return by_name, [None]
    return ("coalesce((SELECT a.session_id FROM claude.active_sessions a"
            f" WHERE a.identity_id = claude.whoami() LIMIT 1), {by_name})", [None])


def format_messages(result: dict[str, Any]) -> str:
    messages = result.get("messages") or []
    more = int(result.get("more") or 0)
    lines = [f"claude-gateway: {len(messages)} new message(s) for you"
             + (f" ({more} more: `claude-gateway inbox`)" if more else "")
             + "; acknowledge with `claude-gateway ack ID` when done:"]
    for m in messages:
        kind = f"broadcast to {m.get('to_project')}" if m.get("to_project") else "direct"
        body = " ".join(str(m.get("body") or "").split())
        if len(body) > BODY_CHARS:
            body = body[: BODY_CHARS - 1] + "…"
        subject = " ".join(str(m.get("subject") or "").split())[:200]
        sender = str(m.get("from_identity_name") or "?")
        if m.get("from_overseer"):
            sender = f"the human overseer {sender}"
        lines.append(f"- [{m.get('priority')}] {m.get('message_type')} ({kind}) from "
                     f"{sender}: {subject} — {body} (id {m.get('message_id')})")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """argv: the words after `hook` (`prompt ...` or `stop ...`).

    The work runs in a daemon thread; after BUDGET seconds the process leaves with status 0
    and no output, whatever libpq is blocked in (a signal could not interrupt it)."""
    import threading

    outcome: list[int] = []

    def work() -> None:
        try:
            outcome.append(_run(argv))
        except BaseException:  # noqa: BLE001 - a hook never blocks the agent, prints no traceback
            outcome.append(0)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        budget = float(os.environ.get("CLAUDE_GATEWAY_HOOK_BUDGET") or BUDGET)
    except ValueError:
        budget = BUDGET
    worker.join(budget)
    if not outcome:
        sys.stdout.flush()
        os._exit(0)
    return outcome[0]


def _run(argv: list[str]) -> int:
    if not argv or argv[0] not in ("prompt", "stop"):
        sys.stderr.write("usage: claude-gateway hook prompt|stop [--identity NAME] [--project P] "
                         "[--min-interval SECONDS] [--limit N]\n")
        return 2
    what, argv = argv[0], argv[1:]
    if "-h" in argv or "--help" in argv:
        sys.stdout.write(__doc__ or "")
        return 0
    from . import hook_inputs as hooks  # light: the hook's JSON, names, the state file

    hook = hooks.read_hook_input(sys.stdin, wait=0.2)
    identity = _arg(argv, "--identity") or hooks.default_identity_name()
    project = _arg(argv, "--project") or hooks.project_from_directory(str(hook.get("cwd") or os.getcwd()))
    state_path = hooks.state_path(identity, project)
    interval = float(_arg(argv, "--min-interval", "0") or 0)
    if what == "prompt" and interval > 0:
        mark = state_path.with_suffix(".prompt")
        try:
            if time.time() - mark.stat().st_mtime < interval:
                return 0  # rate-limited: asked recently
        except OSError:
            pass
        try:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
        except OSError:
            pass
    state = hooks.load_state(identity, project)
    claude_id = hook.get("session_id")
    if claude_id and state.get("claude_session_id") and state["claude_session_id"] != claude_id:
        state = {}  # the state file belongs to another Claude Code session: ask the database
    named = bool(_arg(argv, "--identity") or os.environ.get(hooks.IDENTITY_ENV, "").strip())
    expr, params = _session_sql(state.get("session_id"), named)
    if params == [None]:
        params = [identity]

    # DATABASE_URL, else the local cluster that `startup` found (no need to load its code)
    dsn = os.environ.get("DATABASE_URL", "").strip() or str(state.get("local_dsn") or "")
    if not dsn:
        from .localdb import resolve_dsn

        dsn = resolve_dsn()
    if what == "stop":
        _query(dsn, f"SELECT claude.touch_session(session_id => {expr}, activity_state => 'idle')::text",
               params)
        return 0
    limit = _arg(argv, "--limit", "5") or "5"
    text = _query(dsn, "SELECT claude.deliver_new_messages(session_id => "
                  f"{expr}, max_messages => $2::int)::text", [*params, limit])
    if not text:
        return 0
    result = json.loads(text)
    if not result.get("messages"):
        return 0
    event = str(hook.get("hook_event_name") or "UserPromptSubmit")
    sys.stdout.write(json.dumps({"hookSpecificOutput": {
        "hookEventName": event, "additionalContext": format_messages(result)}}) + "\n")
    return 0
