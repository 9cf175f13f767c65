"""Fast hooks: the Claude Code hooks that run on every prompt and tool call, started lean.

Entry point (what `claude-gateway install claude-code` writes into settings.json):

    <python> -I -S <site-packages>/claude_gateway/fasthook.py hook prompt [options] || true
    <python> -I -S <site-packages>/claude_gateway/fasthook.py guard [options] || true

`-I -S` starts Python without site-packages, .pth files, user site or PYTHON*
variables, and this file imports only modules built into the interpreter or
C extensions (os, sys, _thread, _json or ctypes): no click, no CLI, no
psycopg, not even the `claude_gateway` package's __init__ (its directory is
not on sys.path; `lean_module` loads the lean siblings _pq.py and guard.py
alone).  It talks to the database through libpq (the C library psycopg
wraps) loaded with ctypes (_pq.py, the one binding of the hooks):
DATABASE_URL, else the local cluster.  It holds the lean helpers every hook
shares (JSON, names, the database URL, the hook's stdin); guard.py imports
them from here.  The arguments are those of `claude-gateway`
(`claude-gateway hook prompt ...` runs the same code through entry.py, for
people who type it).  `|| true`: a missing
file (the package removed or moved) makes Python exit 2, which Claude Code would
take as "block"; a fast hook speaks only through its stdout and exits 0.

The runner (`main`) gives every hook the same guarantees: the hook's JSON is
read from stdin, the work runs in a thread, and after `BUDGET` seconds
(CLAUDE_GATEWAY_HOOK_BUDGET overrides it) the process leaves with status 0 and
prints nothing, whatever it is blocked in (a DNS lookup, a server that does not
answer); any error prints nothing and exits 0.  Output is printed only when the
hook finished in time.

Hooks here:
- `hook prompt` (UserPromptSubmit; PostToolUse with --min-interval SECONDS):
  puts the mail that arrived for this agent since its session started, and was
  not shown yet, into the conversation as `additionalContext`
  (claude.deliver_new_messages: at most --limit messages, urgent first, each at
  most once per gateway session).  Prints nothing when nothing is new.
- `hook stop` (Stop): marks the session idle.
Both mark the session seen.  Options: --identity NAME, --project P.
- `guard` (PreToolUse of the edit tools): guard.py's main, which keeps its own
  watchdog and messages (COMMANDS).

Adding a hook: write `def my_hook(ctx: Context) -> str | None`
returning what to print (or None), register it in `HOOKS` under its argv words
(`HOOKS[("hook", "mine")] = my_hook`), route those words here in entry.py, and give its
`claude_code.HookSpec` `fast=True`.  `ctx` has the hook's JSON (`ctx.hook`), the
options (`ctx.option("--name")`), the identity and project names, the session
state file written by `startup`, `ctx.session_sql()` (an SQL expression for this
agent's active session) and `ctx.query(sql, params)` (one statement through
libpq, the first column of the first row as text, None on any failure);
`hook_output(event, text)` builds Claude Code's JSON.  Keep to built-in modules:
each import costs milliseconds on every tool call.
"""

from __future__ import annotations

import _thread
import os
import sys

TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Seconds: fail open within the 1 s promise.  CLAUDE_GATEWAY_HOOK_BUDGET overrides it (the tests
# that drive the real Claude Code on a loaded machine give it more, so that they are not flaky).
BUDGET = 0.9
STDIN_WAIT = 0.2  # seconds to wait for the hook's JSON when stdin is a pipe that stays open
BODY_CHARS = 400  # per message in the context (the database cuts at 1,000)
IDENTITY_ENV = "CLAUDE_GATEWAY_IDENTITY"
LOCAL_DBNAME = "claude_gateway"  # localdb.DEFAULT_DBNAME


# ---------------------------------------------------------------------------
# JSON without the json package (it imports re, which costs more than the query)
# ---------------------------------------------------------------------------
class _ScanContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity


_scanner: Any = None


def loads(text: str) -> Any:
    """json.loads for one JSON value (the C scanner of the json package, without its imports)."""
    global _scanner
    text = text.strip()
    try:
        if _scanner is None:
            import _json

            _scanner = _json.make_scanner(_ScanContext())  # type: ignore[arg-type]
        value, end = _scanner(text, 0)
    except ImportError:  # an interpreter without the C accelerator
        import json

        return json.loads(text)
    except StopIteration as exc:
        raise ValueError(f"not JSON at character {exc.value}") from None
    if end != len(text):
        raise ValueError(f"extra data at character {end}")
    return value


def quote(text: str) -> str:
    """A JSON string (ASCII, as json.dumps)."""
    try:
        from _json import encode_basestring_ascii
    except ImportError:
        import json

        return json.dumps(text)
    result: str = encode_basestring_ascii(text)
    return result


def dumps(value: Any) -> str:
    """json.dumps (ASCII) for dicts, lists, strings, numbers, booleans and None."""
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quote(str(k))}: {dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(v) for v in value) + "]"
    return quote(str(value))


def hook_output(event: str, context: str) -> str:
    """Claude Code's hook JSON that adds `context` to the conversation."""
    return dumps({"hookSpecificOutput": {"hookEventName": event, "additionalContext": context}})


# ---------------------------------------------------------------------------
# names: the same answers as hook_inputs (tests/test_fasthook.py holds them equal)
# ---------------------------------------------------------------------------
def option(argv: list[str], name: str, default: str | None = None) -> str | None:
    """The value of `--name VALUE` or `--name=VALUE` in argv, else default."""
    for i, a in enumerate(argv):
        if a == name and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


def identity_from_env() -> str | None:
    """$CLAUDE_GATEWAY_IDENTITY, or None when unset or blank."""
    return os.environ.get(IDENTITY_ENV, "").strip() or None


def os_user() -> str | None:
    """getpass.getuser() without importing getpass: its variables, then the password database."""
    user = next((os.environ[v] for v in ("LOGNAME", "USER", "LNAME", "USERNAME") if os.environ.get(v)),
                None)
    if user is None:
        try:
            import pwd

            user = pwd.getpwuid(os.getuid()).pw_name
        except (ImportError, KeyError, OSError):
            return None
    return user


def local_login() -> str:
    """The local cluster's login of the doors, as localdb.local_login() names it: the OS user,
    never the superuser."""
    user = (os_user() or "").strip()
    return "claude_local" if not user or user == "postgres" else user


def local_identity_name() -> str:
    """`<user>@<host>` (the host up to its first dot), without importing getpass or socket."""
    user = os_user() or "claude"
    try:
        host = os.uname().nodename
    except AttributeError:  # no uname (Windows)
        import socket

        host = socket.gethostname()
    return f"{user}@{host.split('.')[0]}"


def default_identity_name() -> str:
    """CLAUDE_GATEWAY_IDENTITY, else `<user>@<host>`."""
    return identity_from_env() or local_identity_name()


def project_root(directory: str | None = None) -> str:
    """The git root above `directory` (default: the working directory): the nearest folder
    holding `.git`, else the folder itself."""
    start = os.path.realpath(os.path.expanduser(directory or os.getcwd()))
    folder = start
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return start
        folder = parent


def project_from_directory(directory: str | None = None) -> str:
    """The name of the git root above `directory`, else the directory's own name."""
    root = project_root(directory)
    return os.path.basename(root) or root


def state_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "claude-gateway", "sessions")


def _safe_name(text: str) -> str:
    """re.sub(r"[^A-Za-z0-9._@-]+", "_", text) without re."""
    out: list[str] = []
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "._@-"):
            out.append(ch)
        elif not out or out[-1] != "\0":
            out.append("\0")
    return "".join(out).replace("\0", "_")


def state_path(identity: str, project: str) -> str:
    """The session state file `startup` writes for this identity and project."""
    return os.path.join(state_dir(), _safe_name(f"{identity}@{project}")[:200] + ".json")


def load_state(identity: str, project: str) -> dict[str, Any]:
    try:
        with open(state_path(identity, project), encoding="utf-8") as f:
            data = loads(f.read())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def local_socket() -> tuple[str, int]:
    """(socket directory, port) of the local cluster, as localdb.Cluster.from_env() finds them."""
    home = os.environ.get("CLAUDE_GATEWAY_HOME")
    if not home:
        if os.geteuid() == 0:
            home = "/var/lib/claude-gateway"
        else:
            base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
            home = os.path.join(base, "claude-gateway")
    if not os.path.isabs(home):  # as pathlib's absolute(): "." and "//" go, ".." stays
        home = os.path.join(os.getcwd(), home)
    home = "/" + "/".join(p for p in home.split("/") if p not in ("", "."))
    port = int(os.environ.get("CLAUDE_GATEWAY_PORT") or 54329)
    socket_dir = os.path.join(home, "run")
    if len(socket_dir) > 80:  # unix socket paths are short: localdb._MAX_SOCKET_DIR
        try:
            from _sha1 import sha1  # type: ignore[import-not-found]
        except ImportError:
            from hashlib import sha1
        socket_dir = f"/tmp/cgw-{os.geteuid()}-{sha1(home.encode()).hexdigest()[:10]}"
    return socket_dir, port


def local_dsn() -> str:
    """The local cluster's URL, as localdb.Cluster.from_env().url() gives it (without loading it)."""
    socket_dir, port = local_socket()
    user, host = _quote_url(local_login()), _quote_url(socket_dir)
    return f"postgresql://{user}@/{LOCAL_DBNAME}?host={host}&port={port}"


def _quote_url(text: str) -> str:
    """urllib.parse.quote(text, safe="") without importing it."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "_.-~") else
                   "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def database_dsn() -> str:
    """DATABASE_URL, else the local cluster."""
    return os.environ.get("DATABASE_URL", "").strip() or local_dsn()


# ---------------------------------------------------------------------------
# the package's lean modules, without the package
# ---------------------------------------------------------------------------
def lean_module(name: str) -> Any:
    """`claude_gateway.<name>`, a lean sibling of this file (_pq, guard), imported without
    running the package's __init__ and its imports.

    Run by its path (`python -I -S .../fasthook.py`), this file is `__main__` and its folder is
    not on sys.path: a bare `claude_gateway` package on this folder is registered first (with
    this module as `claude_gateway.fasthook`), so the siblings' relative imports find it.
    Imported as part of the package (entry.py, tests), the package is already there.
    """
    if not __package__ and "claude_gateway" not in sys.modules:
        package = type(sys)("claude_gateway")
        package.__path__ = [os.path.dirname(os.path.abspath(__file__))]
        package.__package__ = "claude_gateway"
        sys.modules["claude_gateway"] = package
        sys.modules["claude_gateway.fasthook"] = sys.modules[__name__]
    full = "claude_gateway." + name
    if full not in sys.modules:
        __import__(full)
    return sys.modules[full]


# ---------------------------------------------------------------------------
# the hook's context
# ---------------------------------------------------------------------------
def read_hook_input(wait: float = STDIN_WAIT) -> dict[str, Any]:
    """The hook's JSON object from stdin (fd 0) when it is not a TTY and has data; else {}."""
    try:
        if os.isatty(0):
            return {}
        import stat

        mode = os.fstat(0).st_mode
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            import select

            ready, _, _ = select.select([0], [], [], wait)
            if not ready:
                return {}
        chunks = []
        while True:
            chunk = os.read(0, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        text = b"".join(chunks).decode("utf-8", errors="replace")
        data = loads(text) if text.strip() else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class Context:
    """What a fast hook knows before it asks the database."""

    def __init__(self, argv: list[str], hook: dict[str, Any]) -> None:
        self.argv = argv
        self.hook = hook
        self.named = bool(option(argv, "--identity") or identity_from_env())
        self.identity = option(argv, "--identity") or default_identity_name()
        self.cwd = str(hook.get("cwd") or os.getcwd())
        self.project = option(argv, "--project") or project_from_directory(self.cwd)
        self.state_path = state_path(self.identity, self.project)
        state = load_state(self.identity, self.project)
        claude_id = hook.get("session_id")
        if claude_id and state.get("claude_session_id") and state["claude_session_id"] != claude_id:
            state = {}  # the state file belongs to another Claude Code session: ask the database
        self.state = state
        self.dsn = database_dsn()

    def option(self, name: str, default: str | None = None) -> str | None:
        return option(self.argv, name, default)

    def session_sql(self, first: int = 1) -> tuple[str, list[str | None]]:
        """An SQL expression for this agent's active session and its parameters ($first...):
        the session `startup` remembered, else the identity's active one (by name; when no name
        was given, that of the identity bound to the login, claude.whoami(), first, as `startup`
        chooses it)."""
        p = f"${first}"
        if self.state.get("session_id"):
            return f"{p}::uuid", [str(self.state["session_id"])]
        by_name = f"(SELECT a.session_id FROM claude.active_sessions a WHERE a.identity_name = {p} LIMIT 1)"
        if self.named:
            return by_name, [self.identity]
        return ("coalesce((SELECT a.session_id FROM claude.active_sessions a"
                f" WHERE a.identity_id = claude.whoami() LIMIT 1), {by_name})", [self.identity])

    def query(self, sql: str, params: list[str | None]) -> str | None:
        """One statement through libpq (_pq.py): the first column of its first row as text,
        None for no row, NULL or an error."""
        result: str | None = lean_module("_pq").first(self.dsn, sql, params)
        return result


# ---------------------------------------------------------------------------
# the hooks
# ---------------------------------------------------------------------------
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


def _rate_limited(ctx: Context, interval: float) -> bool:
    """True when this hook ran less than `interval` seconds ago (then it does nothing);
    else notes that it runs now."""
    mark = ctx.state_path[: -len(".json")] + ".prompt"
    try:
        import time

        if time.time() - os.stat(mark).st_mtime < interval:
            return True
    except OSError:
        pass
    try:
        os.makedirs(os.path.dirname(mark), exist_ok=True)
        with open(mark, "a"):
            pass
        os.utime(mark)
    except OSError:
        pass
    return False


def hook_prompt(ctx: Context) -> str | None:
    """UserPromptSubmit / PostToolUse: the new mail as additionalContext, or nothing."""
    interval = float(ctx.option("--min-interval", "0") or 0)
    if interval > 0 and _rate_limited(ctx, interval):
        return None
    expr, params = ctx.session_sql(1)
    limit = ctx.option("--limit", "5") or "5"
    text = ctx.query(f"SELECT claude.deliver_new_messages(session_id => {expr}, "
                     f"max_messages => ${len(params) + 1}::int)::text", [*params, limit])
    if not text:
        return None
    result = loads(text)
    if not isinstance(result, dict) or not result.get("messages"):
        return None
    event = str(ctx.hook.get("hook_event_name") or "UserPromptSubmit")
    return hook_output(event, format_messages(result))


def hook_stop(ctx: Context) -> str | None:
    """Stop: the agent is idle (and seen)."""
    expr, params = ctx.session_sql(1)
    ctx.query(f"SELECT claude.touch_session(session_id => {expr}, activity_state => 'idle')::text", params)
    return None


USAGE = ("usage: claude-gateway hook prompt|stop [--identity NAME] [--project P] "
         "[--min-interval SECONDS] [--limit N]\n"
         "       claude-gateway guard [--identity NAME] [--project P] [--timeout S]\n")

# argv words -> a lean sibling module whose main(argv) runs the whole process itself (its own
# watchdog and messages): the edit guard (PreToolUse), see guard.py.
COMMANDS: dict[tuple[str, ...], str] = {
    ("guard",): "guard",
}

# argv words -> hook.  entry.py sends `claude-gateway <these words> ...` here.
HOOKS: dict[tuple[str, ...], Callable[[Context], str | None]] = {
    ("hook", "prompt"): hook_prompt,
    ("hook", "stop"): hook_stop,
}


def find(argv: list[str]) -> tuple[Callable[[Context], str | None] | None, list[str]]:
    """The hook named by the first words of argv, and the rest of argv."""
    for words, fn in HOOKS.items():
        if tuple(argv[: len(words)]) == words:
            return fn, argv[len(words):]
    return None, argv


def main(argv: list[str]) -> int:
    """Run the hook named by argv (the words after `claude-gateway`): its output is printed
    when it finished within the budget; the exit status is 0 whatever happens (2 for a
    usage error).  A command of COMMANDS runs its module's main(argv) instead."""
    for words, module in COMMANDS.items():
        if tuple(argv[: len(words)]) == words:
            code: int = lean_module(module).main(argv[len(words):])
            return code
    fn, rest = find(argv)
    if fn is None:
        sys.stderr.write(USAGE)
        return 2
    if "-h" in rest or "--help" in rest:
        sys.stdout.write(__doc__ or "")
        return 0
    done = _thread.allocate_lock()
    done.acquire()
    out: list[str | None] = []

    def work() -> None:
        try:
            out.append(fn(Context(rest, read_hook_input())))
        except BaseException:  # noqa: BLE001 - a hook never blocks the agent, prints no traceback
            out.append(None)
        finally:
            done.release()

    try:
        budget = float(os.environ.get("CLAUDE_GATEWAY_HOOK_BUDGET") or BUDGET)
    except ValueError:
        budget = BUDGET
    _thread.start_new_thread(work, ())
    if not done.acquire(timeout=budget) or not out or not out[0]:
        return 0  # too late (the worker may still be blocked: the caller exits without it) or nothing
    try:
        sys.stdout.write(out[0] + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    return 0


def run(argv: list[str]) -> None:
    """main(argv), then leave at once: no interpreter teardown, no waiting for a worker that is
    still blocked."""
    try:
        code = main(argv)
    except BaseException:  # noqa: BLE001 - never a traceback from a hook
        code = 0
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":
    run(sys.argv[1:])
