"""`claude-gateway mcp`: the gateway's API as Model Context Protocol tools over stdio.

The tools come from the generated catalog (`_generated.API_FUNCTIONS`, written
by codegen from pg_proc and COMMENT ON FUNCTION): one tool per API function
plus the client-side `execute_job`, with the same names and parameters.  A
call goes through the generated async client (`AsyncGateway`), so the MCP
server, the Python module and SQL share one definition of every tool.

- Input schemas come from the parameters' types (uuid -> string/uuid, integer,
  boolean, jsonb -> object, arrays -> array, timestamptz -> string/date-time,
  interval -> string); a parameter is required when the SQL has no default.
- Descriptions are compact (tools/list stays under 15,000 tokens with every
  tool): the comment's first sentence plus its `Errors:` text, at most
  DESCRIPTION_CHARS (the errors that fit, then the SQLSTATEs of the rest);
  `--full-descriptions` sends whole comments.
- Binding (`--identity NAME --project P`): the identity is looked up by name
  (registered on first use, platform `claude-code`), its active session is
  resumed or a session is started, and the arguments named in BOUND default to
  them (so they are optional in the schemas).  The session default is the
  identity's active session at the time of each call (a SessionStart hook or
  `end_session` may replace it); when it has none, one is started.
- Results are JSON text (UUIDs and times as strings, rows as objects, lists as
  arrays), also sent as structuredContent `{"result": ...}`.  A database error is
  a tool error (isError) whose text is JSON with `sqlstate`, `message`,
  `detail`, `hint`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from ._generated import API_FUNCTIONS
from ._runtime import ApiFunction, ApiParam
from .errors import GatewayError, InvalidArgument, InvalidState, NotFound
from .hook_inputs import project_from_directory
from .jsonable import interval_text, to_json  # noqa: F401 - interval_text: part of the module API

SERVER_NAME = "claude-gateway"
PLATFORM = "claude-code"
DEFAULT_ROLE = "Claude Code agent (registered by claude-gateway mcp)"
# Arguments that default to the bound identity or session.
BOUND: dict[str, str] = {
    "session_id": "session", "from_session_id": "session", "identity_id": "identity",
}
DOMAINS = ("identities", "sessions", "messages", "jobs", "reminders", "activity", "knowledge",
           "leases", "other")
# Upkeep that the hooks, the runner or an operator does, not an agent at work.
MAINTENANCE = frozenset({
    "archive_activity", "claim_job", "end_abandoned_sessions", "escalate_overdue_questions",
    "expire_messages",
    "process_due_reminders", "recover_stale_jobs", "touch_session", "update_job_result",
})
# Tool profiles: `agent` (the default) leaves out what only claude_admin may run (ApiFunction.agent
# false: shell-command jobs, archiving, execute_job) and MAINTENANCE; `admin` is everything.
PROFILES = ("agent", "admin")
# Verbs of tools that destroy or close something (MCP destructiveHint).
DESTRUCTIVE_VERBS = ("archive_", "end_", "expire_", "dismiss_")
# Paging of list results: whatever reaches a model is bounded, far below Claude Code's 25,000-token cap.
PAGE_DEFAULT = 20
PAGE_MAX = 100
RESULT_CHARS = 40_000  # a page stops early past this many characters of JSON (~10k tokens)
TEXT_CHARS = 4_000  # a longer text value in a row is cut, with a marker
WAIT_MAX_SECONDS = 300

_SCHEMAS: dict[str, dict[str, Any]] = {
    "UUID": {"type": "string", "format": "uuid"},
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "float": {"type": "number"},
    "Decimal": {"type": "number"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "timedelta": {"type": "string", "description": "interval, e.g. 7 days"},
    "bytes": {"type": "string", "contentEncoding": "base64"},
}
_SQLSTATE_RE = re.compile(r"\b(P0\d{3}|[0-9]{2}[0-9A-Z]{3})\b")


class UsageError(ValueError):
    """A bad `--tools` selection or binding option; the message says what."""


# ---------------------------------------------------------------------------
# Tool definitions
# ---------------------------------------------------------------------------
def select(selection: str | None, functions: Iterable[ApiFunction] = API_FUNCTIONS,
           profile: str = "admin") -> list[ApiFunction]:
    """The functions named by a comma-separated list of domains and/or tool names, else those of
    the profile (`agent`: no admin-only and no maintenance tools; `admin`: all)."""
    functions = list(functions)
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r} (profiles: {', '.join(PROFILES)})")
    if not selection or not selection.strip():
        if profile == "agent":
            return [f for f in functions if f.agent and f.name not in MAINTENANCE]
        return functions
    wanted = {w.strip() for w in selection.split(",") if w.strip()}
    names = {f.name for f in functions}
    unknown = sorted(wanted - set(DOMAINS) - names)
    if unknown:
        raise UsageError(f"unknown tool domain or name: {', '.join(unknown)} "
                         f"(domains: {', '.join(DOMAINS)})")
    return [f for f in functions if f.domain in wanted or f.name in wanted]


def property_schema(param: ApiParam) -> dict[str, Any]:
    """The JSON Schema of one parameter, from its Python type (domains resolved)."""
    schema = _type_schema(param.py_type, param.sql_type)
    if param.values:
        schema = {**schema, "enum": list(param.values)}
    default = _literal_default(param)
    if default is not None:
        schema = {**schema, "default": default}
    return schema


def _type_schema(py_type: str, sql_type: str) -> dict[str, Any]:
    if py_type.startswith("list[") and py_type.endswith("]"):
        return {"type": "array", "items": _type_schema(py_type[5:-1], sql_type.removesuffix("[]"))}
    if py_type == "Any":
        return {"type": "object"} if sql_type in ("json", "jsonb") else {}
    return dict(_SCHEMAS.get(py_type, {}))


def _literal_default(param: ApiParam) -> Any:
    """The SQL default as a JSON value when it is a plain literal (not NULL), else None."""
    return param.default


def describe(fn: ApiFunction, *, full: bool = False) -> str:
    """The tool description: the comment's first sentence and its errors (or all of it).

    At most DESCRIPTION_CHARS characters (unless the first sentence alone is longer): the
    errors are listed in the comment's order while they fit, then the SQLSTATEs of the rest
    ("also 22001, 22023."); the error the call meets names its cause, and --full-descriptions
    (or docs/API.md) has every word."""
    comment = fn.comment.strip() or f"claude.{fn.name}"
    if full:
        return comment
    first = " ".join(re.split(r"\n\s*\n", comment)[0].split())
    match = re.match(r"(.+?(?<!e\.g)(?<!i\.e)\.)(\s|$)", first)  # not at "e.g." / "i.e."
    summary = _clause(match.group(1) if match else first, SUMMARY_CHARS)
    errors = re.search(r"(?s)\bErrors?:\s*(.+?)(?:\n\s*\n|$)", comment)
    if errors:
        return _fit_errors(summary, " ".join(errors.group(1).split()))
    codes = sorted(set(_SQLSTATE_RE.findall(comment)))
    return f"{summary} Errors: {', '.join(codes)}." if codes else summary


DESCRIPTION_CHARS = 200  # a tool description in tools/list (--full-descriptions: all of it)
SUMMARY_CHARS = 160  # its first sentence, cut at a clause ("...: ...") when longer


def _codes(text: str) -> list[str]:
    """The SQLSTATEs named in text, in order of first appearance (not numbers such as 1..86400)."""
    return list(dict.fromkeys(_CODE_RE.findall(text)))


_CODE_RE = re.compile(r"(?<![\d.,])\b(P0\d{3}|[0-9]{2}[0-9A-Z]{3})\b(?![.,]?\d)")


def _clause(sentence: str, limit: int) -> str:
    """The sentence, or when longer than limit its beginning up to the last ':' or ';' outside
    parentheses in the second half of the limit (else up to a word), then an ellipsis."""
    if len(sentence) <= limit:
        return sentence
    depth, cut = 0, 0
    for i, ch in enumerate(sentence[:limit]):
        depth += (ch == "(") - (ch == ")")
        if ch in ":;" and depth == 0 and i >= limit // 2:
            cut = i
    head = sentence[:cut] if cut else sentence[:limit - 1].rsplit(" ", 1)[0]
    return head.rstrip(" ,") + ": ..." if cut else head + " ..."


def _fit_errors(summary: str, text: str) -> str:
    out = f"{summary} Errors: {text}"
    if len(out) <= DESCRIPTION_CHARS:
        return out
    items = _error_items(text.rstrip("."))
    for keep in range(len(items) - 1, -1, -1):
        kept = items[:keep]
        rest = [c for c in _codes("; ".join(items[keep:])) if c not in _codes("; ".join(kept))]
        tail = ("; also " if kept else "") + ", ".join(rest) + "."
        out = f"{summary} Errors: " + "; ".join(kept) + tail
        if len(out) <= DESCRIPTION_CHARS or not kept:
            return out
    return out


def _error_items(text: str) -> list[str]:
    """Split an Errors text at the "; " that are not inside parentheses."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == ";" and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    items.append(text[start:].strip())
    return [item for item in items if item]


def listing(fn: ApiFunction) -> bool:
    """A list result (SETOF rows or scalars)."""
    return fn.returns in ("rows", "scalars")


def paged(fn: ApiFunction) -> bool:
    """The lists of functions that only read (STABLE or IMMUTABLE in the catalog) are paged:
    `limit` and `offset` arguments, `next_offset` in the result.  A write's list (VOLATILE) is
    not: its next page would run the write again.  It comes from one call, cut (cut_list)."""
    return listing(fn) and fn.volatility in ("STABLE", "IMMUTABLE")


# Where a write tool's rows that its cut result leaves out can be read.
READ_THE_REST = {
    "acquire_lease": "check_paths with the same paths lists the leases on them",
    "process_due_reminders": "get_due_reminders lists what is still due, get_recent_activity the reminders "
                             "completed or expired",
}


PARAM_DESCRIPTION_CHARS = 80  # per parameter in tools/list (--full-descriptions: all of it)


def input_schema(fn: ApiFunction, *, bound: bool, full: bool = False) -> dict[str, Any]:
    required = [p.name for p in fn.params if p.required and not (bound and p.name in BOUND)]
    properties: dict[str, Any] = {}
    for p in fn.params:
        prop = property_schema(p)
        if p.description:
            text = p.description
            if not full and len(text) > PARAM_DESCRIPTION_CHARS:
                text = text[:PARAM_DESCRIPTION_CHARS - 1].rstrip() + "…"
            prop["description"] = text
        if bound and p.name in BOUND:
            prop["description"] = (prop.get("description", "") + " Default: the bound "
                                   + BOUND[p.name] + ".").strip()
        properties[p.name] = prop
    if paged(fn):
        limit = properties.get("limit", {"type": "integer"})
        properties["limit"] = {**limit, "type": "integer", "minimum": 1, "maximum": PAGE_MAX,
                               "default": min(int(limit.get("default", PAGE_DEFAULT)), PAGE_DEFAULT),
                               "description": "Rows per page."}
        properties["offset"] = {"type": "integer", "minimum": 0, "default": 0,
                                "description": "The previous page's next_offset."}
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def title(fn: ApiFunction) -> str:
    return fn.name.replace("_", " ").capitalize()


def tool_annotations(fn: ApiFunction) -> dict[str, Any]:
    """MCP tool annotations: read-only exactly for functions that change nothing (STABLE or
    IMMUTABLE in the catalog), destructive for archive/end/expire/dismiss."""
    read_only = fn.volatility in ("STABLE", "IMMUTABLE")
    out: dict[str, Any] = {"readOnlyHint": read_only}
    if not read_only:
        out["destructiveHint"] = fn.name.startswith(DESTRUCTIVE_VERBS)
    # idempotentHint is left out: MCP's default (false) is right for every tool
    # execute_job runs a shell command: the world beyond the database
    out["openWorldHint"] = fn.returns == "client"
    return out


# Result fields: JSON types only (no "format": the model reads the values themselves).
_ROW_TYPES: dict[str, dict[str, Any]] = {
    "UUID": {"type": "string"}, "str": {"type": "string"},
    "int": {"type": "integer"}, "bool": {"type": "boolean"}, "float": {"type": "number"},
    "Decimal": {"type": "number"}, "datetime": {"type": "string"},
    "date": {"type": "string"}, "time": {"type": "string"},
    "timedelta": {"type": "string"}, "bytes": {"type": "string"},
}


def _hint_schema(hint: str) -> dict[str, Any]:
    nullable = hint.endswith(" | None")
    hint = hint.removesuffix(" | None")
    if hint.startswith("list[") and hint.endswith("]"):
        schema: dict[str, Any] = {"type": "array", "items": _hint_schema(hint[5:-1])}
    elif hint in _ROW_TYPES:
        schema = dict(_ROW_TYPES[hint])
    else:
        return {}  # Any (json): anything
    if nullable:
        schema["type"] = [schema["type"], "null"]
        schema.pop("format", None)
    return schema


def row_schema(row: str | None) -> dict[str, Any] | None:
    """The JSON Schema of a generated row class (its fields and their types), or None."""
    import dataclasses as dc

    from . import _generated

    cls = getattr(_generated, row, None) if row else None
    if cls is None or not dc.is_dataclass(cls):
        return None
    fields = dc.fields(cls)
    return {"type": "object",
            "properties": {f.name: _hint_schema(str(f.type)) for f in fields}}


def output_schema(fn: ApiFunction) -> dict[str, Any] | None:
    """structuredContent's schema where the row type is known: {result, count, offset, next_offset,
    note} for a page, {result, count, total, note} for a write's list."""
    row = row_schema(fn.row)
    if row is None:
        return None
    if fn.returns == "row":
        return {"type": "object", "properties": {"result": {"anyOf": [row, {"type": "null"}]}},
                "required": ["result"]}
    if not paged(fn):
        return {"type": "object", "required": ["result", "count", "total"],
                "properties": {
                    "result": {"type": "array", "items": row},
                    "count": {"type": "integer"},
                    "total": {"type": "integer", "description": "Rows the call returned (count shown)."},
                    "note": {"type": "string"}}}
    return {"type": "object", "required": ["result", "count", "offset", "next_offset"],
            "properties": {
                "result": {"type": "array", "items": row},
                "count": {"type": "integer"},
                "offset": {"type": "integer"},
                "next_offset": {"type": ["integer", "null"],
                                "description": "null: no more pages."},
                "note": {"type": "string"}}}


def tool_definitions(functions: Iterable[ApiFunction], *, bound: bool,
                     full: bool = False) -> list[dict[str, Any]]:
    """The tools/list entries as plain JSON objects."""
    tools = []
    for fn in functions:
        tool: dict[str, Any] = {"name": fn.name, "title": title(fn),
                                "description": describe(fn, full=full),
                                "inputSchema": input_schema(fn, bound=bound, full=full),
                                "annotations": tool_annotations(fn)}
        schema = output_schema(fn)
        if schema is not None:
            tool["outputSchema"] = schema
        tools.append(tool)
    if bound:
        tools.append(WAIT_TOOL)
    return tools


WAIT_TOOL: dict[str, Any] = {
    "name": "wait_for_messages", "title": "Wait for messages",
    "description": ("Block until new mail arrives for the bound session (or timeout_seconds pass), "
                    "then return it: what an idle agent calls instead of polling. Each message is "
                    "returned once per session (the prompt hook does not repeat it)."),
    "inputSchema": {"type": "object", "properties": {
        "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": WAIT_MAX_SECONDS,
                            "default": 60, "description": "How long to wait at most."},
        "limit": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5,
                  "description": "How many messages to return at most."}}},
    "annotations": {"readOnlyHint": False, "destructiveHint": False,
                    "idempotentHint": False, "openWorldHint": False},
}


# ---------------------------------------------------------------------------
# Results and errors as JSON
# ---------------------------------------------------------------------------
def error_json(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, GatewayError):
        info = {"error": type(exc).__name__, "sqlstate": exc.sqlstate, "message": exc.message,
                "detail": exc.detail, "hint": exc.hint}
    else:
        info = {"error": type(exc).__name__, "message": str(exc)}
    return {k: v for k, v in info.items() if v is not None}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------
# Binding: the identity and session whose ids are the defaults
# ---------------------------------------------------------------------------
@dataclasses.dataclass
class Binding:
    """The identity (and its session) a server acts for; nothing is looked up before a tool needs it.

    attach (what `install claude-code` configures): the session belongs to the hooks, which
    start and end it; the server uses the identity's active session and never registers an
    identity or starts a session (so it cannot outlive SessionEnd with a session of its own).
    Otherwise the identity is registered on first use and a session started when it has none.
    """

    identity_name: str
    project: str
    role: str = DEFAULT_ROLE
    identity_id: UUID | None = None
    session_id: UUID | None = None
    attach: bool = False
    touched: float = 0.0
    # The name is only a default (<user>@<host>): a login bound to an identity uses that one.
    from_login: bool = False

    async def identity(self, gw: Any) -> UUID:
        """The identity's id: the active identity of that name, else registered
        (claude.ensure_identity: a login bound to another identity registers nothing, 42501)."""
        if self.identity_id is None and self.from_login:
            me = await gw.whoami()
            if me is not None:
                self.identity_id = UUID(str(me))
                names = {UUID(str(r.identity_id)): r.identity_name for r in await gw.get_active_identities()}
                self.identity_name = names.get(self.identity_id, self.identity_name)
        if self.identity_id is None:
            if self.attach:  # the hooks' session: register nothing, start nothing
                found = await gw.get_identity_id(identity_name=self.identity_name)
                if found is None:
                    raise NotFound(f"no active identity is called {self.identity_name!r}", sqlstate="P0002",
                                   hint="The SessionStart hook registers it (claude-gateway install "
                                   "claude-code); this server is attached to the hooks' session.")
            else:
                found = await gw.ensure_identity(identity_name=self.identity_name, platform=PLATFORM,
                                                 role_description=self.role)
            self.identity_id = UUID(str(found))
        return self.identity_id

    async def session(self, gw: Any) -> UUID:
        """The identity's active session now, else (not attached) a new one in the bound project.

        Looked up on every use, not cached: a SessionStart hook (`session_startup`), an
        `end_session` or another client may have replaced it since the last call.
        """
        identity = await self.identity(gw)
        found = await gw.get_active_session(identity_id=identity)
        if found is None and self.attach:
            raise InvalidState(
                f"identity {self.identity_name!r} has no active session", sqlstate="55000",
                hint="Claude Code's SessionStart hook starts it (claude-gateway install claude-code); "
                "this server is attached to the hooks' session and never starts one.")
        if found is None:
            try:
                found = await gw.start_session(identity_id=identity, project_name=self.project)
            except InvalidState:  # started concurrently (or the identity is archived)
                found = await gw.get_active_session(identity_id=identity)
                if found is None:
                    raise
        self.session_id = UUID(str(found))
        await self.touch(gw)
        return self.session_id

    async def touch(self, gw: Any) -> None:
        """Liveness: mark the session seen (working), at most once a minute."""
        import time as _time

        if self.session_id is None or _time.monotonic() - self.touched < 60:
            return
        self.touched = _time.monotonic()
        try:
            await gw.touch_session(session_id=self.session_id)
        except GatewayError:
            pass  # a heartbeat is best effort

    async def default(self, gw: Any, name: str) -> UUID:
        return await (self.session(gw) if BOUND[name] == "session" else self.identity(gw))

    def instructions(self) -> str:
        how = ("the active session the hooks started" if self.attach else
               f"its active session (a new one in project {self.project!r} when it has none)")
        return (f"Bound to identity {self.identity_name!r} and {how}: arguments "
                f"{', '.join(sorted(BOUND))} default to them. List tools that only read return "
                "pages (limit, offset; next_offset says where the next page starts); a write's list "
                "comes once, cut, with a note saying where to read the rest. "
                "wait_for_messages blocks until mail arrives. ")


# ---------------------------------------------------------------------------
# The database, opened on the first call that needs it
# ---------------------------------------------------------------------------
class LazyGateway:
    """An AsyncGateway created on first use, so starting the server, initialize and tools/list
    touch no database.  Its pool checks each connection before lending it, so a database
    restart costs no failed call; a read-only call that still meets a broken connection is
    retried once."""

    def __init__(self, dsn: str | None) -> None:
        self.dsn = dsn
        self._gw: Any = None

    async def get(self) -> Any:
        if self._gw is None:
            from psycopg_pool import AsyncConnectionPool

            from .client import AsyncGateway
            from .localdb import resolve_dsn
            from .pooler import connection_kwargs, pool_size, prepare_for_async

            dsn = resolve_dsn(self.dsn)
            prepare = await prepare_for_async(dsn)  # never behind PgBouncer (pooler.py)
            pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
                dsn, min_size=1, max_size=pool_size(4), timeout=10, open=False,
                kwargs={"autocommit": True, "connect_timeout": 5,
                        "application_name": "claude-gateway-mcp", **connection_kwargs(prepare)},
                check=AsyncConnectionPool.check_connection, name="claude-gateway-mcp")
            await pool.open(wait=False)
            self._gw = AsyncGateway(pool, prepare=prepare)
        return self._gw

    async def close(self) -> None:
        if self._gw is not None:
            await self._gw.close()


def _connection_lost_json(error: Mapping[str, Any]) -> bool:
    """A tool error that says the connection broke (a restart), not that the call was wrong."""
    return str(error.get("sqlstate") or "").startswith(("08", "57P")) \
        or error.get("error") == "Unavailable"


# ---------------------------------------------------------------------------
# Calling a tool
# ---------------------------------------------------------------------------
def _coerce(param: ApiParam, value: Any) -> Any:
    """Accept JSON given as a string for json and array parameters (a common client habit)."""
    if isinstance(value, str) and (param.py_type.startswith("list[")
                                   or param.sql_type in ("json", "jsonb")):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        if isinstance(parsed, dict | list):
            return parsed
    return value


_VALIDATORS: dict[tuple[str, bool], Any] = {}


def schema_problems(fn: ApiFunction, arguments: Mapping[str, Any], *, bound: bool) -> list[str]:
    """What is wrong with `arguments` by the tool's own advertised inputSchema (empty: nothing).

    Checked before any SQL runs, so `expires_in_days: 2.5` or `true`, a number for a
    uuid, an object for a text get a clear tool error naming the argument.
    """
    import jsonschema

    key = (fn.name, bound)
    validator = _VALIDATORS.get(key)
    if validator is None:
        validator = jsonschema.Draft202012Validator(input_schema(fn, bound=bound),
                                                    format_checker=jsonschema.FormatChecker(["uuid"]))
        _VALIDATORS[key] = validator
    problems = []
    given = {k: v for k, v in arguments.items() if v is not None}  # null is SQL NULL, for any argument
    for error in sorted(validator.iter_errors(given), key=lambda e: list(e.absolute_path)):
        if error.validator == "required":
            continue  # reported by call_tool after the bound defaults are filled in
        where = "/".join(str(p) for p in error.absolute_path) or "arguments"
        detail = error.message if len(error.message) <= 200 else error.message[:197] + "..."
        if error.validator in ("type", "enum", "format") and error.absolute_path:
            shown = json.dumps(error.instance, ensure_ascii=True, default=str)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            detail = f"{shown} is not {_expected(error.validator_value, error.validator)}"
        problems.append(f"{where}: {detail}")
    for param in fn.params:  # a JSON integer past PostgreSQL's own range would fail at the cast (22003)
        value = given.get(param.name)
        limits = _INT_RANGES.get(param.sql_type)
        if limits and isinstance(value, int) and not isinstance(value, bool) \
                and not limits[0] <= value <= limits[1]:
            problems.append(f"{param.name}: {value} is out of range for {param.sql_type} "
                            f"({limits[0]}..{limits[1]})")
    return problems


_INT_RANGES = {"smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1),
               "bigint": (-(2**63), 2**63 - 1)}


def _expected(value: Any, kind: str) -> str:
    if kind == "enum":
        return "one of " + ", ".join(map(str, value))
    if kind == "format":
        return f"a {value}"
    kinds = value if isinstance(value, list) else [value]
    names = {"integer": "an integer", "number": "a number", "string": "a string", "boolean": "true or false",
             "object": "a JSON object", "array": "an array", "null": "null"}
    return " or ".join(names.get(str(k), str(k)) for k in kinds)


def _cut(value: Any) -> Any:
    """Long texts in a result cut to TEXT_CHARS, with a marker saying how long they were."""
    if isinstance(value, str) and len(value) > TEXT_CHARS:
        return value[:TEXT_CHARS] + f" [cut: {len(value)} characters]"
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut(v) for v in value]
    return value


def _fit(items: list[Any], most: int) -> list[Any]:
    """The first rows of items as JSON (texts cut), at most `most` of them and, past the
    first, no more than RESULT_CHARS characters of JSON together."""
    shown: list[Any] = []
    size = 0
    for item in items[:most]:
        value = _cut(to_json(item))
        size += len(_dumps(value))
        if shown and size > RESULT_CHARS:
            break
        shown.append(value)
    return shown


async def _page(gw: Any, fn: ApiFunction, kwargs: dict[str, Any], limit: int, offset: int
                ) -> dict[str, Any]:
    """One page of a list result, fetched with LIMIT/OFFSET in SQL, bounded in characters."""
    import psycopg

    from . import _generated
    from .errors import from_psycopg

    call = getattr(_generated, "_" + fn.name.upper())
    if any(p.name == "limit" for p in fn.params):  # the function's own limit covers the pages
        kwargs["limit"] = offset + limit + 1
    query, params = call.render(kwargs)
    params = {**params, "_page_limit": limit + 1, "_page_offset": offset}
    query += " LIMIT %(_page_limit)s OFFSET %(_page_offset)s"
    try:
        async with gw.connection() as conn:
            cur = await conn.execute(query, params)
            rows = await cur.fetchall()
    except psycopg.Error as exc:
        raise from_psycopg(exc) from exc
    items = call.result(rows)
    page = _fit(items, limit)
    more = len(items) > len(page)
    out: dict[str, Any] = {"result": page, "count": len(page), "offset": offset,
                           "next_offset": offset + len(page) if more else None}
    if more:
        out["note"] = f"More rows: call {fn.name} again with offset={offset + len(page)}."
    return out


def cut_list(fn: ApiFunction, items: list[Any]) -> dict[str, Any]:
    """A write's list result, from its one call: at most PAGE_MAX rows and about RESULT_CHARS
    characters, and a note saying where to read the rest (calling the write again would redo it)."""
    shown = _fit(items, PAGE_MAX)
    out: dict[str, Any] = {"result": shown, "count": len(shown), "total": len(items)}
    if len(shown) < len(items):
        rest = READ_THE_REST.get(fn.name, "the read-only tools show what it changed")
        out["note"] = (f"{len(items) - len(shown)} more row(s) not shown. {fn.name} ran once, for all "
                       f"{len(items)}: do not call it again to see them (that would run it again); {rest}.")
    return out


async def call_tool(gw: Any, fn: ApiFunction, arguments: Mapping[str, Any] | None,
                    binding: Binding | None) -> tuple[bool, Any]:
    """(ok, JSON value): the result, or the error as JSON (with its SQLSTATE).

    A paged tool's value is {result, count, offset, next_offset[, note]}; a write's list
    {result, count, total[, note]} (cut_list)."""
    arguments = dict(arguments or {})
    params = {p.name: p for p in fn.params}
    page = paged(fn) and hasattr(gw, "connection")
    extra = {"limit", "offset"} if page else set()
    unknown = sorted(set(arguments) - set(params) - extra)
    try:
        arguments = {k: _coerce(params[k], v) if k in params else v for k, v in arguments.items()}
        problems = [] if unknown else schema_problems(fn, arguments, bound=binding is not None)
        if problems:
            raise InvalidArgument(f"{fn.name}: invalid argument(s): " + "; ".join(problems[:5]),
                               sqlstate="22023",
                               hint="Pass the arguments as the tool's inputSchema describes them.")
        if unknown:
            raise GatewayError(
                f"{fn.name}: unknown argument(s) {', '.join(unknown)}; "
                f"expected: {', '.join(params) or 'none'}", sqlstate="22023")
        limit = offset = 0
        if page:
            limit, offset = arguments.pop("limit", PAGE_DEFAULT), arguments.pop("offset", 0)
            if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= PAGE_MAX:
                raise GatewayError(f"{fn.name}: limit {limit!r} is outside 1..{PAGE_MAX}",
                                   sqlstate="22023")
            if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
                raise GatewayError(f"{fn.name}: offset {offset!r} is not a whole number >= 0",
                                   sqlstate="22023")
        if binding is not None:
            for name in params.keys() & BOUND.keys():
                if name not in arguments:
                    arguments[name] = await binding.default(gw, name)
        missing = [p.name for p in fn.params if p.required and p.name not in arguments]
        if missing:
            raise GatewayError(f"{fn.name}: missing required argument(s) {', '.join(missing)}",
                               sqlstate="22023")
        kwargs = {params[k].py_name: _coerce(params[k], v) for k, v in arguments.items()}
        if page:
            return True, await _page(gw, fn, kwargs, limit, offset)
        result = await getattr(gw, fn.name)(**kwargs)
        if listing(fn) and not paged(fn):
            return True, cut_list(fn, result)
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the agent as a tool error
        return False, error_json(exc)
    return True, _cut(to_json(result))


async def wait_for_messages(gw: Any, binding: Binding, arguments: Mapping[str, Any] | None
                            ) -> tuple[bool, Any]:
    """Block (LISTEN claude_messages) until claude.deliver_new_messages has mail, or time out."""
    import time as _time

    from .pooler import listen_connection_async

    args = dict(arguments or {})
    try:
        timeout = args.pop("timeout_seconds", 60)
        limit = args.pop("limit", 5)
        if args:
            raise GatewayError(f"wait_for_messages: unknown argument(s) {', '.join(sorted(args))}",
                               sqlstate="22023")
        if not isinstance(timeout, int | float) or not 1 <= timeout <= WAIT_MAX_SECONDS:
            raise GatewayError(f"timeout_seconds {timeout!r} is outside 1..{WAIT_MAX_SECONDS}",
                               sqlstate="22023")
        session = await binding.session(gw)
        deadline = _time.monotonic() + float(timeout)
        # LISTEN needs a session connection: DATABASE_SESSION_URL behind a pooler.
        async with await listen_connection_async(gw.dsn, connect_timeout=5) as listener:
            await listener.execute("LISTEN claude_messages")
            while True:
                found = await gw.deliver_new_messages(session_id=session, max_messages=limit)
                if found.get("messages") or _time.monotonic() >= deadline:
                    found["timed_out"] = not found.get("messages")
                    return True, _cut(to_json(found))
                left = max(deadline - _time.monotonic(), 0.01)
                async for _ in listener.notifies(timeout=min(left, 30.0), stop_after=1):
                    pass
    except Exception as exc:  # noqa: BLE001
        return False, error_json(exc)


def build_server(gw: Any, functions: list[ApiFunction], binding: Binding | None, *,
                 full: bool = False) -> Any:
    """The MCP SDK's low-level Server with tools/list and tools/call handlers.

    `gw` is a gateway or a LazyGateway (opened on the first call that needs it)."""
    import mcp_types as types
    from mcp.server.lowlevel import Server
    from mcp.shared.exceptions import MCPError

    by_name = {fn.name: fn for fn in functions}
    tools = [types.Tool.model_validate(t)
             for t in tool_definitions(functions, bound=binding is not None, full=full)]
    lazy = isinstance(gw, LazyGateway)

    async def on_list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def on_call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        fn = by_name.get(params.name)
        if fn is None and not (params.name == WAIT_TOOL["name"] and binding is not None):
            raise MCPError(types.INVALID_PARAMS, f"unknown tool: {params.name}")
        try:
            db = await gw.get() if lazy else gw
        except Exception as exc:  # noqa: BLE001
            ok, value = False, error_json(exc)
        else:
            if fn is None:
                ok, value = await wait_for_messages(db, binding, params.arguments)  # type: ignore[arg-type]
            else:
                ok, value = await call_tool(db, fn, params.arguments, binding)
                if not ok and _connection_lost_json(value) and fn.volatility != "VOLATILE":
                    ok, value = await call_tool(db, fn, params.arguments, binding)
        if not ok:
            return types.CallToolResult(content=[types.TextContent(type="text", text=_dumps(value))],
                                        is_error=True)
        structured = value if fn is None or listing(fn) else {"result": value}
        # one serialisation for the model (the text), the object itself for structured clients
        return types.CallToolResult(content=[types.TextContent(type="text", text=_dumps(structured))],
                                    structured_content=structured)

    from . import __version__

    instructions = (binding.instructions() if binding else "") + (
        "Tools of claude-gateway (identities, sessions, messages, jobs, reminders, activity, "
        "knowledge); errors carry the SQLSTATE: P0002 not found, 22023 bad argument, "
        "55000 wrong state, 23505 duplicate, 22001 too long.")
    return Server(SERVER_NAME, version=__version__, instructions=instructions,
                  on_list_tools=on_list_tools, on_call_tool=on_call_tool)


async def serve(dsn: str | None, *, identity: str | None, project: str | None,
                tools: str | None = None, role: str = DEFAULT_ROLE, full: bool = False,
                profile: str = "agent", attach: bool = False, from_login: bool = False) -> None:
    """Serve MCP over stdio until EOF.  Nothing touches the database before a tool call needs it.
    `from_login`: `identity` is only a default name; a login bound to an identity is bound to it."""
    from mcp.server.stdio import stdio_server

    functions = select(tools, profile=profile)
    binding = None
    if identity:
        binding = Binding(identity, project or project_from_directory(), role, attach=attach,
                          from_login=from_login)
    gw = LazyGateway(dsn)
    try:
        server = build_server(gw, functions, binding, full=full)
        with _private_stdin() as (stdin, stdout):
            checked: Any = _CheckedLines(stdin, stdout)  # duck-types the AsyncFile stdio_server reads
            async with stdio_server(stdin=checked, stdout=stdout) as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())
    finally:
        await gw.close()


# ---------------------------------------------------------------------------
# The wire: every request gets an answer
# ---------------------------------------------------------------------------
def jsonrpc_problem(line: str) -> str | None:
    """None when `line` is a JSON-RPC message the SDK accepts; else the JSON-RPC error to
    answer with ("" when there is nothing to answer: a blank line, a notification).

    The SDK drops a line it cannot parse without answering, so a malformed line, a
    lone surrogate or a request nested too deep for its parser would leave the
    client waiting forever.
    """
    import mcp_types as types

    if not line.strip():
        return ""
    try:
        types.jsonrpc_message_adapter.validate_json(line, by_name=False)
        return None
    except Exception as exc:  # noqa: BLE001 - any rejection is answered below
        reason = " ".join(str(exc).split())
        found = re.search(r"Invalid JSON: (.*?)(?: \[type=|$)", reason)
        reason = (found.group(1) if found else "not a JSON-RPC message")[:200]
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return _jsonrpc_error(None, types.PARSE_ERROR, "Parse error: the line is not valid JSON")
    if not isinstance(data, dict):
        return _jsonrpc_error(None, types.INVALID_REQUEST, "Invalid request: not a JSON-RPC object")
    ident = data.get("id")
    if "method" not in data or ident is None:
        return ""  # a notification or a response: JSON-RPC answers neither
    if isinstance(ident, bool) or not isinstance(ident, int | str):
        ident = None
    return _jsonrpc_error(ident, types.INVALID_REQUEST, f"Invalid request: {reason}")


def _jsonrpc_error(ident: Any, code: int, message: str) -> str:
    return json.dumps({"jsonrpc": "2.0", "id": ident, "error": {"code": code, "message": message}},
                      ensure_ascii=True, separators=(",", ":"))


class _CheckedLines:
    """stdin for the SDK's stdio transport: lines it can parse pass through; every other
    request is answered here with a JSON-RPC error (and not passed on)."""

    def __init__(self, stdin: Any, stdout: Any) -> None:
        self._stdin, self._stdout = stdin, stdout

    def __aiter__(self) -> Any:
        return self._lines()

    async def _lines(self) -> Any:
        async for line in self._stdin:
            answer = jsonrpc_problem(line)
            if answer is None:
                yield line
            elif answer:
                await self._stdout.write(answer + "\n")
                await self._stdout.flush()


class _LockedWriter:
    """The wire's stdout shared by the SDK's writer and _CheckedLines: one line at a time."""

    def __init__(self, stream: Any) -> None:
        import anyio

        self._stream, self._lock = stream, anyio.Lock()

    async def write(self, text: str) -> None:
        async with self._lock:
            await self._stream.write(text)

    async def flush(self) -> None:
        async with self._lock:
            await self._stream.flush()


@contextlib.contextmanager
def _private_stdin() -> Any:
    """The MCP wire on private descriptors, fd 0 on /dev/null and fd 1 on stderr while serving
    (what the SDK's stdio_server does for its own streams), as UTF-8 text."""
    import anyio

    saved_in, saved_out = os.dup(0), os.dup(1)
    wire_in, wire_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    stdin = io.TextIOWrapper(os.fdopen(wire_in, "rb"), encoding="utf-8", errors="replace")
    stdout = io.TextIOWrapper(os.fdopen(wire_out, "wb"), encoding="utf-8", write_through=True)
    try:
        yield anyio.wrap_file(stdin), _LockedWriter(anyio.wrap_file(stdout))
    finally:
        os.dup2(saved_in, 0)
        os.dup2(saved_out, 1)
        os.close(saved_in)
        os.close(saved_out)
        for stream in (stdin, stdout):
            with contextlib.suppress(Exception):
                stream.close()
