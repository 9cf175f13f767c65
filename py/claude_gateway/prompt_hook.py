"""`claude-gateway hook prompt` and `hook stop`: the mid-session hooks, kept lean.

`hook prompt` (UserPromptSubmit, and PostToolUse with --min-interval) puts the
mail that arrived for this agent since its session started, and was not shown
yet, into the conversation as `additionalContext` (claude.deliver_new_messages:
at most --limit messages, urgent first, each at most once per gateway session,
recorded in the database).  It prints nothing when nothing is new.
`hook stop` (Stop) marks the session idle.  Both mark the session seen.

They never block the agent: any failure prints nothing and exits 0, and the
process leaves after `BUDGET` seconds whatever it is waiting for.  They run on
every prompt (and tool call), so they import little: no click, no pool, no
generated client; one libpq connection and one statement.
"""

from __future__ import annotations

import json
import os
import sys
import time

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


def _connect(dsn: str) -> object:
    from psycopg import pq  # libpq itself: no adapters, no pool, no generated client

    conn = pq.PGconn.connect(dsn.encode())
    if conn.status != pq.ConnStatus.OK:
        raise RuntimeError("cannot connect")
    return conn, pq


def _query(dsn: str, sql: str, params: list[str | None]) -> str | None:
    conn, pq = _connect(dsn)
    try:
        res = conn.exec_params(sql.encode(), [p.encode() if p is not None else None for p in params])
        if res.status != pq.ExecStatus.TUPLES_OK or res.ntuples < 1:
            return None
        value = res.get_value(0, 0)
        return value.decode() if value is not None else None
    finally:
        conn.finish()


def _session_sql(state_session: str | None) -> tuple[str, list[str | None]]:
    """The session expression: the one `startup` remembered, else the identity's active one."""
    if state_session:
        return "$1::uuid", [state_session]
    return ("(SELECT a.session_id FROM claude.active_sessions a WHERE a.identity_name = $1 LIMIT 1)",
            [None])


def format_messages(result: dict) -> str:
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
        lines.append(f"- [{m.get('priority')}] {m.get('message_type')} ({kind}) from "
                     f"{m.get('from_identity_name') or '?'}: {subject} — {body} (id {m.get('message_id')})")
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
    from . import hooks  # small: identity, project, the state file (no database imports)

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
    expr, params = _session_sql(state.get("session_id"))
    if params == [None]:
        params = [identity]

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
