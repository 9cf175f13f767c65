"""`claude-gateway mcp`: the gateway's API as Model Context Protocol tools over stdio.

The tools come from the generated catalog (`_generated.API_FUNCTIONS`, written
by codegen from pg_proc and COMMENT ON FUNCTION): one tool per API function
plus the client-side `execute_job`, with the same names and parameters.  A
call goes through the generated async client (`AsyncGateway`), so the MCP
server, the Python module and SQL share one definition of every tool.

- Input schemas come from the parameters' types (uuid -> string/uuid, integer,
  boolean, jsonb -> object, arrays -> array, timestamptz -> string/date-time,
  interval -> string); a parameter is required when the SQL has no default.
- Descriptions are compact: the comment's first sentence plus its `Errors:`
  text (or the SQLSTATEs it names); `--full-descriptions` sends whole comments.
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

import dataclasses
import json
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from ._generated import API_FUNCTIONS
from ._runtime import ApiFunction, ApiParam
from .defaults import default_project
from .errors import GatewayError, InvalidState
from .jsonable import interval_text, to_json  # noqa: F401 - interval_text: part of the module API

SERVER_NAME = "claude-gateway"
PLATFORM = "claude-code"
DEFAULT_ROLE = "Claude Code agent (registered by claude-gateway mcp)"
# Arguments that default to the bound identity or session.
BOUND: dict[str, str] = {
    "session_id": "session", "from_session_id": "session", "identity_id": "identity",
}
DOMAINS = ("identities", "sessions", "messages", "jobs", "reminders", "activity", "knowledge",
           "other")

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
           ) -> list[ApiFunction]:
    """The functions named by a comma-separated list of domains and/or tool names."""
    functions = list(functions)
    if not selection or not selection.strip():
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
    """The tool description: the comment's first sentence and its errors (or all of it)."""
    comment = fn.comment.strip() or f"claude.{fn.name}"
    if full:
        return comment
    first = " ".join(re.split(r"\n\s*\n", comment)[0].split())
    match = re.match(r"(.+?(?<!e\.g)(?<!i\.e)\.)(\s|$)", first)  # not at "e.g." / "i.e."
    summary = match.group(1) if match else first
    errors = re.search(r"(?s)\bErrors?:\s*(.+?)(?:\n\s*\n|$)", comment)
    if errors:
        text = " ".join(errors.group(1).split())
        return f"{summary} Errors: {text}"
    codes = sorted(set(_SQLSTATE_RE.findall(comment)))
    return f"{summary} Errors: {', '.join(codes)}." if codes else summary


def input_schema(fn: ApiFunction, *, bound: bool) -> dict[str, Any]:
    required = [p.name for p in fn.params if p.required and not (bound and p.name in BOUND)]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.name: property_schema(p) for p in fn.params},
    }
    if required:
        schema["required"] = required
    return schema


def tool_definitions(functions: Iterable[ApiFunction], *, bound: bool,
                     full: bool = False) -> list[dict[str, Any]]:
    """The tools/list entries as plain JSON objects."""
    return [
        {"name": fn.name, "description": describe(fn, full=full),
         "inputSchema": input_schema(fn, bound=bound)}
        for fn in functions
    ]


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
    identity_name: str
    project: str
    role: str = DEFAULT_ROLE
    identity_id: UUID | None = None
    session_id: UUID | None = None

    async def identity(self, gw: Any) -> UUID:
        """The identity's id: the active identity of that name, else registered
        (claude.ensure_identity: a login bound to another identity registers nothing, 42501)."""
        if self.identity_id is None:
            found = await gw.ensure_identity(identity_name=self.identity_name, platform=PLATFORM,
                                             role_description=self.role)
            self.identity_id = UUID(str(found))
        return self.identity_id

    async def session(self, gw: Any) -> UUID:
        """The identity's active session now, else a new one in the bound project.

        Looked up on every use, not cached: a SessionStart hook (`session_startup`), an
        `end_session` or another client may have replaced it since the last call.
        """
        identity = await self.identity(gw)
        found = await gw.get_active_session(identity_id=identity)
        if found is None:
            try:
                found = await gw.start_session(identity_id=identity, project_name=self.project)
            except InvalidState:  # started concurrently (or the identity is archived)
                found = await gw.get_active_session(identity_id=identity)
                if found is None:
                    raise
        self.session_id = UUID(str(found))
        return self.session_id

    async def default(self, gw: Any, name: str) -> UUID:
        return await (self.session(gw) if BOUND[name] == "session" else self.identity(gw))

    def instructions(self) -> str:
        return (f"Bound to identity {self.identity_name!r} (identity_id {self.identity_id}) and "
                f"its active session (now {self.session_id}; a new one in project "
                f"{self.project!r} when it has none): arguments {', '.join(sorted(BOUND))} "
                "default to them. ")


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


async def call_tool(gw: Any, fn: ApiFunction, arguments: Mapping[str, Any] | None,
                    binding: Binding | None) -> tuple[bool, Any]:
    """(ok, JSON value): the result, or the error as JSON (with its SQLSTATE)."""
    arguments = dict(arguments or {})
    params = {p.name: p for p in fn.params}
    unknown = sorted(set(arguments) - set(params))
    try:
        if unknown:
            raise GatewayError(
                f"{fn.name}: unknown argument(s) {', '.join(unknown)}; "
                f"expected: {', '.join(params) or 'none'}", sqlstate="22023")
        if binding is not None:
            for name in params.keys() & BOUND.keys():
                if name not in arguments:
                    arguments[name] = await binding.default(gw, name)
        missing = [p.name for p in fn.params if p.required and p.name not in arguments]
        if missing:
            raise GatewayError(f"{fn.name}: missing required argument(s) {', '.join(missing)}",
                               sqlstate="22023")
        kwargs = {params[k].py_name: _coerce(params[k], v) for k, v in arguments.items()}
        result = await getattr(gw, fn.name)(**kwargs)
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the agent as a tool error
        return False, error_json(exc)
    return True, to_json(result)


def build_server(gw: Any, functions: list[ApiFunction], binding: Binding | None, *,
                 full: bool = False) -> Any:
    """The MCP SDK's low-level Server with tools/list and tools/call handlers."""
    import mcp_types as types
    from mcp.server.lowlevel import Server
    from mcp.shared.exceptions import MCPError

    by_name = {fn.name: fn for fn in functions}
    tools = [types.Tool.model_validate(t)
             for t in tool_definitions(functions, bound=binding is not None, full=full)]

    async def on_list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def on_call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        fn = by_name.get(params.name)
        if fn is None:
            raise MCPError(types.INVALID_PARAMS, f"unknown tool: {params.name}")
        ok, value = await call_tool(gw, fn, params.arguments, binding)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=_dumps(value))],
            structured_content={"result": value} if ok else {"error": value},
            is_error=not ok,
        )

    from . import __version__

    instructions = (binding.instructions() if binding else "") + (
        "Tools of claude-gateway (identities, sessions, messages, jobs, reminders, activity, "
        "knowledge); errors carry the SQLSTATE: P0002 not found, 22023 bad argument, "
        "55000 wrong state, 23505 duplicate, 22001 too long.")
    return Server(SERVER_NAME, version=__version__, instructions=instructions,
                  on_list_tools=on_list_tools, on_call_tool=on_call_tool)


async def serve(dsn: str | None, *, identity: str | None, project: str | None,
                tools: str | None = None, role: str = DEFAULT_ROLE, full: bool = False) -> None:
    """Connect, bind (when an identity is given) and serve MCP over stdio until EOF."""
    from mcp.server.stdio import stdio_server

    from .client import connect_async

    functions = select(tools)
    binding = None
    if identity:
        binding = Binding(identity, project or default_project(), role)
    gw = await connect_async(dsn, min_size=1, max_size=4)
    try:
        if binding is not None:
            await binding.session(gw)
            print(f"claude-gateway mcp: {binding.instructions()}", file=sys.stderr)
        server = build_server(gw, functions, binding, full=full)
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())
    finally:
        await gw.close()
