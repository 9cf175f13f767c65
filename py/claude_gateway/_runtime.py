"""What the generated module (`_generated.py`) needs at run time.

A generated method describes its SQL function once, as a `Call` (the named
arguments with their explicit casts and how to read the result), and hands the
caller's keyword arguments to `self._call(call, values)`, which the client
(`client.py`) implements for a pool, a single connection, or asyncio.

An argument left at `DEFAULT` is not sent at all, so the SQL default applies:
the Python signature never has to repeat (and risk contradicting) a default
such as `'{}'::jsonb` or `now()`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class _SqlDefault:
    """The value of an argument that was not given: the SQL default applies."""

    _instance: _SqlDefault | None = None

    def __new__(cls) -> _SqlDefault:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DEFAULT"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> _SqlDefault:
        return self

    def __deepcopy__(self, memo: object) -> _SqlDefault:
        return self

    def __reduce__(self) -> str:
        return "DEFAULT"


# Typed as Any so that `tasks: list[str] = DEFAULT` type-checks in every signature.
DEFAULT: Any = _SqlDefault()

# How a call's result is read:
#   void     -> None
#   scalar   -> the single value (None for NULL)
#   scalars  -> list of values (SETOF a base type)
#   row      -> one row object, or None (no row, or a NULL composite)
#   rows     -> list of row objects (SETOF a row type, RETURNS TABLE, OUT parameters)
#   record   -> an anonymous record as a tuple
#   records  -> a list of anonymous records as tuples
RESULT_KINDS = ("void", "scalar", "scalars", "row", "rows", "record", "records")


@dataclass(frozen=True, slots=True)
class Arg:
    """One input parameter: its Python keyword and its named-notation SQL fragment."""

    name: str
    sql: str
    json: str = ""  # "json" or "jsonb": wrap Python values so psycopg sends JSON


@dataclass(frozen=True, slots=True)
class Call:
    """How to call one API function and read its result."""

    function: str
    args: tuple[Arg, ...]
    returns: str
    row: type | None = None
    # The function runs reminder conditions (it calls claude._run_condition,
    # directly or through an API function; codegen reads it from the catalog): the client bounds it with a
    # statement timeout, since nothing inside the statement can.
    runs_conditions: bool = False

    def render(self, values: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """The SQL statement and its parameters; arguments left at DEFAULT are not sent."""
        fragments: list[str] = []
        params: dict[str, Any] = {}
        for arg in self.args:
            value = values.get(arg.name, DEFAULT)
            if value is DEFAULT:
                continue
            if arg.json and value is not None:
                from psycopg.types.json import Json, Jsonb

                value = Jsonb(value) if arg.json == "jsonb" else Json(value)
            fragments.append(arg.sql)
            params[arg.name] = value
        target = f"{self.function}({', '.join(fragments)})"
        if self.returns in ("record", "records"):
            return f"SELECT {target}", params
        return f"SELECT * FROM {target}", params

    def result(self, rows: Sequence[Sequence[Any]]) -> Any:
        """Turn the fetched rows into the method's return value."""
        kind = self.returns
        if kind == "void":
            return None
        if kind in ("scalar", "record"):
            return rows[0][0] if rows else None
        if kind in ("scalars", "records"):
            return [r[0] for r in rows]
        assert self.row is not None, f"{self.function}: a row result needs a row class"
        if kind == "row":
            if not rows or all(v is None for v in rows[0]):
                return None
            return self.row(*rows[0])
        return [self.row(*r) for r in rows]


class SyncAPI:
    """Base of the generated sync API: the client supplies `_call`."""

    __slots__ = ()

    def _call(self, call: Call, values: dict[str, Any]) -> Any:
        raise NotImplementedError


class AsyncAPI:
    """Base of the generated async API: the client supplies `_call`."""

    __slots__ = ()

    async def _call(self, call: Call, values: dict[str, Any]) -> Any:
        raise NotImplementedError


# ---------------------------------------------------------------------------
# The catalog as data: what the MCP server (mcp_server.py) builds its tools from
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ApiParam:
    """One input parameter of an API function, as the catalog describes it."""

    name: str  # the SQL name: the named-notation name, and the MCP argument
    py_name: str  # the generated method's keyword (`from_` for `from`)
    sql_type: str  # format_type() of the parameter, e.g. `uuid`, `text[]`
    py_type: str  # the Python hint of the generated method, e.g. `UUID`, `list[str]`
    sql_default: str | None = None  # the SQL default's text; None when the SQL has none
    values: tuple[str, ...] | None = None  # the values it takes (an enumeration CHECK)
    # from the COMMENT's `Parameters:` section, an inline `name: ...` sentence, or the
    # COMMENT of a column of the same name
    description: str | None = None
    default: Any = None  # the SQL default as a JSON value when it is a plain literal, else None

    @property
    def required(self) -> bool:
        return self.sql_default is None


@dataclass(frozen=True, slots=True)
class ApiFunction:
    """One API function (or client-side tool) with its parameters and COMMENT."""

    name: str
    domain: str  # identities, sessions, messages, jobs, reminders, activity, knowledge, leases, other
    returns: str  # a RESULT_KINDS value, or "client" for a tool that runs on the client
    params: tuple[ApiParam, ...]
    comment: str
    volatility: str = "VOLATILE"  # IMMUTABLE or STABLE: the function changes nothing
    agent: bool = True  # claude_agent may execute it (else only claude_admin)
    row: str | None = None  # the generated row class of its rows (rows/row results)
