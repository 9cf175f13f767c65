"""Reading the catalog: every API function of schema `claude` with its parameters,
result and comment, the row types it returns, and the allowed values of its
enumerated parameters.  The renderers (python.py, docs.py) only format this."""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import SQLSTATE_CLASSES

SCHEMA = "claude"

# Tools that run on the client and are written by hand (client.py); a SQL
# function of the same name is not generated, the hand-written method wins.
@dataclass(frozen=True)
class ClientTool:
    signature: str  # the Python signature, for docs/API.md
    doc: str
    domain: str
    # (name, SQL type, Python type, SQL default or None, description), as in the catalog's ApiParam
    params: tuple[tuple[str, str, str, str | None, str | None], ...]
    extra: tuple[tuple[str, Any], ...] = ()  # ApiFunction keywords (volatility, agent, row)


CLIENT_SIDE_TOOLS: dict[str, ClientTool] = {
    "execute_job": ClientTool(
        "gw.execute_job(job_id: UUID, session_id: UUID | None = None) -> Any",
        "Run a scheduled job's command on this machine: claims the job (claude.claim_job), "
        "runs its command in its working_directory under its timeout (a TIMEOUT kills the "
        "process group), reports the result (claude.update_job_result) and retries per "
        "retry_on_failure/max_retries. Implemented by claude_gateway.runner.execute_job.",
        "jobs",
        (("job_id", "uuid", "UUID", None, "The scheduled job to run (P0002 unknown)."),
         ("session_id", "uuid", "UUID", "NULL::uuid", "The session that runs it (recorded in its run).")),
        (("agent", False),),  # it runs a shell command: admin profile only
    ),
}

# Attributes of the hand-written clients (client.py) that a generated method
# would shadow or be shadowed by.
CLIENT_ATTRIBUTES = frozenset({"close", "connection", "transaction", "dsn"})

# Domains of docs/API.md, by name: the first rule whose pattern is in the
# function name wins (so `update_identity_activity` is an identity tool and
# `get_pending_messages` a messaging tool even though it takes a session).
DOMAIN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("identities", ("identit",)),
    ("messages", ("message", "broadcast", "inbox")),
    ("jobs", ("job",)),
    ("reminders", ("reminder",)),
    ("knowledge", ("knowledge",)),
    ("activity", ("activity",)),
    ("leases", ("lease", "check_paths")),
    ("sessions", ("session",)),
)
DOMAIN_ORDER = (
    "identities", "sessions", "messages", "jobs", "reminders", "activity", "knowledge", "leases", "other",
)

# SQLSTATEs the client maps to its own exceptions (errors.py).
KNOWN_SQLSTATES = {code: cls.__name__ for code, cls in SQLSTATE_CLASSES.items()}
_SQLSTATE_RE = re.compile(r"\b(P0\d{3}|[0-9]{2}[0-9A-Z]{3})\b")

# Base types by name (pg_catalog) -> Python hint.
_BASE_TYPES: dict[str, str] = {
    "uuid": "UUID",
    "text": "str",
    "varchar": "str",
    "bpchar": "str",
    "char": "str",
    "name": "str",
    "citext": "str",
    "int2": "int",
    "int4": "int",
    "int8": "int",
    "oid": "int",
    "numeric": "Decimal",
    "float4": "float",
    "float8": "float",
    "bool": "bool",
    "json": "Any",
    "jsonb": "Any",
    "timestamptz": "datetime",
    "timestamp": "datetime",
    "date": "date",
    "time": "time",
    "timetz": "time",
    "interval": "timedelta",
    "bytea": "bytes",
    "void": "None",
}
_TEXT_CASTS = {"text", "character varying", "character", "name", "bpchar", "citext"}
_INT_CASTS = {"integer", "bigint", "smallint"}


class CodegenError(RuntimeError):
    """The catalog holds something the generator cannot expose; the message says what."""


_FUNCTIONS_SQL = """
SELECT p.oid, p.proname, p.proretset, p.prorettype,
       format_type(p.prorettype, NULL) AS rettype,
       coalesce(p.proallargtypes, p.proargtypes::oid[]) AS argtypes,
       coalesce(p.proargmodes::text[],
                array_fill('i'::text, ARRAY[p.pronargs::int])) AS argmodes,
       p.proargnames AS argnames,
       ARRAY(SELECT quote_ident(coalesce(u.n, ''))
               FROM unnest(p.proargnames) WITH ORDINALITY AS u(n, o) ORDER BY u.o) AS quoted,
       ARRAY(SELECT pg_get_function_arg_default(p.oid, s)
               FROM generate_series(1, coalesce(cardinality(p.proallargtypes), p.pronargs)) s
              ORDER BY s) AS defaults,
       pg_get_function_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result,
       obj_description(p.oid, 'pg_proc') AS comment,
       p.provolatile, p.prosecdef,
       -- Runs reminder conditions: calls the sandbox, or an API function that does (a
       -- function-level SET marker would need a superuser to create: a custom GUC).
       (p.prosrc ~ '\\m_run_condition\\(' OR EXISTS (
            SELECT 1 FROM pg_proc q
             WHERE q.pronamespace = p.pronamespace AND q.oid <> p.oid AND q.proname !~ '^_'
               AND q.prosrc ~ '\\m_run_condition\\('
               AND p.prosrc ~ ('\\m' || q.proname || '\\('))) AS runs_conditions,
       ARRAY(SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                                  ELSE pg_get_userbyid(a.grantee)::text END
               FROM aclexplode(p.proacl) a
              WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner
              ORDER BY 1) AS grantees,
       p.proacl IS NULL AS default_acl
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = %(schema)s
   AND p.prokind = 'f'
   AND p.proname !~ '^(_|tg_)'
   AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.deptype = 'e')
 ORDER BY p.proname, p.oid
"""

_TYPE_SQL = """
SELECT t.typname, n.nspname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typrelid,
       format_type(t.oid, NULL), c.relkind, obj_description(t.typrelid, 'pg_class')
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_class c ON c.oid = t.typrelid
 WHERE t.oid = %s
"""

_ATTRS_SQL = """
SELECT attname, atttypid, attnotnull
  FROM pg_attribute
 WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped
 ORDER BY attnum
"""

_RELKINDS = {"r": "table", "v": "view", "m": "materialized view", "c": "composite type",
             "p": "table", "f": "foreign table"}


@dataclass(frozen=True)
class PgType:
    oid: int
    name: str
    schema: str
    typtype: str
    category: str
    elem: int
    base: int
    relid: int
    formatted: str
    relkind: str | None
    comment: str | None


@dataclass
class Field:
    name: str  # Python attribute name
    sql_name: str
    hint: str
    sql_type: str


@dataclass
class RowClass:
    name: str
    origin: str  # what it is a row of, for the docstring
    comment: str | None
    fields: list[Field]


@dataclass
class Param:
    name: str  # Python keyword
    sql_name: str
    quoted: str
    sql_type: str
    hint: str
    json: str
    variadic: bool
    sql_default: str | None
    py_default: str | None  # Python source of the default, "DEFAULT" for the sentinel
    values: tuple[str, ...] | None = None  # the allowed values (see Catalog.known_values)
    description: str | None = None  # see parameter_descriptions()

    @property
    def literal(self) -> str | None:
        """The name of the `Literal[...]` alias of an enumerated parameter (`Priority`)."""
        return camel(self.sql_name) if self.values else None

    @property
    def annotation(self) -> str:
        return self.literal or self.hint

    @property
    def fragment(self) -> str:
        prefix = "VARIADIC " if self.variadic else ""
        return f"{prefix}{self.quoted} => %({self.name})s::{self.sql_type}"


@dataclass
class Function:
    name: str
    params: list[Param]
    kind: str  # a _runtime.RESULT_KINDS value
    returns_hint: str
    row: RowClass | None
    arguments: str
    result: str
    comment: str
    volatility: str
    security_definer: bool
    grantees: list[str]
    arg_parts: list[str] = field(default_factory=list)
    runs_conditions: bool = False  # `SET claude.runs_conditions = 'on'`: the client bounds it
    domain: str = field(init=False)

    def __post_init__(self) -> None:
        self.domain = domain_of(self.name)

    @property
    def const(self) -> str:
        return "_" + self.name.upper()

    @property
    def errors(self) -> list[str]:
        return sorted(set(_SQLSTATE_RE.findall(self.comment)))

    @property
    def summary(self) -> str:
        first = self.comment.strip().split("\n\n")[0].replace("\n", " ")
        match = re.match(r"(.+?\.)(\s|$)", first)
        return (match.group(1) if match else first).strip()


def domain_of(name: str) -> str:
    for domain, patterns in DOMAIN_RULES:
        if any(p in name for p in patterns):
            return domain
    return "other"


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name) if part)


def py_name(sql_name: str) -> str:
    name = re.sub(r"\W", "_", sql_name)
    if not name or name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or name == "self":
        name += "_"
    return name


class Catalog:
    """Reads functions and the types they use from one database."""

    def __init__(self, conn: Any, schema: str = SCHEMA) -> None:
        self.conn = conn
        self.schema = schema
        self._types: dict[int, PgType] = {}
        self.rows: dict[str, RowClass] = {}
        self._row_by_relid: dict[int, RowClass] = {}

    def type(self, oid: int) -> PgType:
        if oid not in self._types:
            r = self.conn.execute(_TYPE_SQL, (oid,)).fetchone()
            if r is None:
                raise CodegenError(f"type oid {oid} not found")
            self._types[oid] = PgType(oid, *r)
        return self._types[oid]

    def hint(self, oid: int, *, rows: bool = False) -> str:
        """The Python type hint of a SQL type (a row class for composites when `rows`)."""
        t = self.type(oid)
        while t.typtype == "d":
            t = self.type(t.base)
        if t.category == "A" and t.elem:
            return f"list[{self.hint(t.elem)}]"
        if t.typtype == "e":
            return "str"
        if t.typtype == "c":
            return self.row_class(t).name if rows else "Any"
        if t.schema == "pg_catalog" and t.name in _BASE_TYPES:
            return _BASE_TYPES[t.name]
        return "Any"

    def json_kind(self, oid: int) -> str:
        t = self.type(oid)
        while t.typtype == "d":
            t = self.type(t.base)
        return t.name if t.schema == "pg_catalog" and t.name in ("json", "jsonb") else ""

    def _fields(self, columns: Sequence[tuple[str, int, bool]]) -> list[Field]:
        fields: list[Field] = []
        seen: set[str] = set()
        for sql_name, typoid, notnull in columns:
            name = py_name(sql_name)
            if name in seen:
                raise CodegenError(f"two columns map to the Python name {name!r}")
            seen.add(name)
            hint = self.hint(typoid)
            if not notnull and hint not in ("Any", "None"):
                hint += " | None"
            fields.append(Field(name, sql_name, hint, self.type(typoid).formatted))
        return fields

    def _add_row(self, row: RowClass) -> RowClass:
        if row.name in self.rows:
            raise CodegenError(
                f"two row types map to the class name {row.name}: {self.rows[row.name].origin}"
                f" and {row.origin}"
            )
        self.rows[row.name] = row
        return row

    def row_class(self, t: PgType) -> RowClass:
        if t.relid in self._row_by_relid:
            return self._row_by_relid[t.relid]
        columns = self.conn.execute(_ATTRS_SQL, (t.relid,)).fetchall()
        prefix = "" if t.schema == self.schema else camel(t.schema)
        kind = _RELKINDS.get(t.relkind or "c", "composite type")
        row = self._add_row(RowClass(
            name=f"{prefix}{camel(t.name)}Row",
            origin=f"`{t.formatted}` ({kind})",
            comment=t.comment,
            fields=self._fields([(a, o, nn) for a, o, nn in columns]),
        ))
        self._row_by_relid[t.relid] = row
        return row

    def known_values(self) -> dict[str, tuple[str, ...]]:
        """The values a text parameter may take, from the definitions the CHECKs read.

        A CHECK on one column that reads an allowed-value list (a function of
        db/values/ returning text[], found through pg_depend) gives that column's
        values, in the list's order.  A text parameter named like such a column takes
        those values (message_type, priority, check_type, severity, ...).  A column name
        whose lists differ across tables (`status`) gives no values: the parameter stays
        plain text.
        """
        if not hasattr(self, "_known_values"):
            found: dict[str, set[tuple[str, ...]]] = {}
            from psycopg import sql

            for column, schema, function in self.conn.execute(
                    _KNOWN_VALUES_SQL, (self.schema,)).fetchall():
                row = self.conn.execute(
                    sql.SQL("SELECT {}()").format(sql.Identifier(schema, function))).fetchone()
                found.setdefault(column, set()).add(tuple(row[0]))
            self._known_values = {c: next(iter(v)) for c, v in found.items() if len(v) == 1}
        return self._known_values

    def column_comments(self) -> dict[str, str]:
        """A description per column name, from COMMENT ON COLUMN of the schema's tables.

        The most common comment of a name wins (ties: the shortest); `Primary key`-style
        comments say nothing about a parameter and are skipped.
        """
        if not hasattr(self, "_column_comments"):
            found: dict[str, dict[str, int]] = {}
            for column, text in self.conn.execute(_COLUMN_COMMENTS_SQL, (self.schema,)):
                text = " ".join(str(text).split())
                if not text or re.fullmatch(r"(?i)primary key\.?", text):
                    continue
                counts = found.setdefault(column, {})
                counts[text] = counts.get(text, 0) + 1
            self._column_comments = {
                c: sorted(v.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]
                for c, v in found.items()}
        return self._column_comments

    def functions(self) -> list[Function]:
        records = self.conn.execute(_FUNCTIONS_SQL, {"schema": self.schema}).fetchall()
        names = [r[1] for r in records]
        overloaded = sorted({n for n in names if names.count(n) > 1})
        if overloaded:
            raise CodegenError(
                f"overloaded API functions cannot become one Python method each: {overloaded}; "
                "drop the old signature in a migration"
            )
        clashing = sorted(set(names) & CLIENT_ATTRIBUTES)
        if clashing:
            raise CodegenError(
                f"API function names clash with the client's own attributes: {clashing}"
            )
        return [self._function(*r) for r in records if r[1] not in CLIENT_SIDE_TOOLS]

    def _function(
        self, oid: int, name: str, retset: bool, rettype: int, rettype_name: str,
        argtypes: list[int], argmodes: list[str], argnames: list[str] | None,
        quoted: list[str], defaults: list[str | None], arguments: str, result: str,
        comment: str | None, volatility: str, secdef: bool, runs_conditions: bool,
        grantees: list[str], default_acl: bool,
    ) -> Function:
        argnames = argnames or [""] * len(argtypes)
        quoted = quoted or [""] * len(argtypes)
        params: list[Param] = []
        outs: list[tuple[str, int, bool]] = []
        arg_parts: list[str] = []
        for i, (typoid, mode) in enumerate(zip(argtypes, argmodes, strict=True)):
            sql_name = argnames[i] if i < len(argnames) else ""
            if mode != "t":
                prefix = {"o": "OUT ", "b": "INOUT ", "v": "VARIADIC "}.get(mode, "")
                part = f"{prefix}{quoted[i]} {self.type(typoid).formatted}".replace("  ", " ")
                if i < len(defaults) and defaults[i] is not None:
                    part += f" DEFAULT {defaults[i]}"
                arg_parts.append(part)
            if mode in ("o", "b", "t"):
                outs.append((sql_name or f"column{len(outs) + 1}", typoid, False))
            if mode not in ("i", "b", "v"):
                continue
            if not sql_name:
                raise CodegenError(
                    f"claude.{name}: input parameter {i + 1} has no name, "
                    "so it cannot be called in named notation"
                )
            hint = self.hint(typoid)
            sql_type = self.type(typoid).formatted
            sql_default = defaults[i] if i < len(defaults) else None
            params.append(Param(
                name=py_name(sql_name), sql_name=sql_name, quoted=quoted[i], sql_type=sql_type,
                hint=hint, json=self.json_kind(typoid), variadic=mode == "v",
                sql_default=sql_default, py_default=python_default(sql_default, hint, sql_type),
                values=(self.known_values().get(sql_name)
                        if sql_type in ("text", "character varying") else None),
            ))
        if len({p.name for p in params}) != len(params):
            raise CodegenError(f"claude.{name}: two parameters map to the same Python name")

        comment = (comment or "").strip()
        described = parameter_descriptions(comment, [p.sql_name for p in params])
        columns = self.column_comments()
        for p in params:
            p.description = described.get(p.sql_name) or (
                f"The {p.sql_name[:-3].replace('_', ' ')}'s id." if p.sql_name.endswith("_id")
                else columns.get(p.sql_name))
        kind, returns_hint, row = self._returns(name, retset, rettype, outs, comment)
        grants = ["PUBLIC"] if default_acl else grantees
        return Function(
            name=name, params=params, kind=kind, returns_hint=returns_hint, row=row,
            arguments=arguments, result=result, comment=comment,
            volatility={"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}[volatility],
            security_definer=secdef, grantees=grants, arg_parts=arg_parts,
            runs_conditions=runs_conditions,
        )

    def _returns(
        self, name: str, retset: bool, rettype: int, outs: list[tuple[str, int, bool]],
        comment: str,
    ) -> tuple[str, str, RowClass | None]:
        t = self.type(rettype)
        base = t
        while base.typtype == "d":
            base = self.type(base.base)
        if base.schema == "pg_catalog" and base.name == "void":
            return "void", "None", None
        if base.typtype == "c":
            row = self.row_class(base)
            if retset:
                return "rows", f"list[{row.name}]", row
            return "row", f"{row.name} | None", row
        if base.schema == "pg_catalog" and base.name == "record":
            if len(outs) > 1 or (retset and outs):
                row = self._add_row(RowClass(
                    name=f"{camel(name)}Row",
                    origin=f"`claude.{name}(...)` (its result columns)",
                    comment=None,
                    fields=self._fields(outs),
                ))
                return ("rows", f"list[{row.name}]", row) if retset else (
                    "row", f"{row.name} | None", row)
            return ("records", "list[tuple[Any, ...]]", None) if retset else (
                "record", "tuple[Any, ...] | None", None)
        hint = self.hint(rettype)
        if retset:
            return "scalars", f"list[{hint}]", None
        if hint not in ("Any", "None") and may_return_null(comment):
            hint += " | None"
        return "scalar", hint, None


def parameter_descriptions(comment: str, names: Sequence[str]) -> dict[str, str]:
    """Per-parameter descriptions written in a function's COMMENT.

    The parseable form is a `Parameters:` paragraph, one `- name: text` item a line
    (an item may continue on the following lines until the next item or a blank line).
    Without one, a sentence that starts with `name: ` (as in `message_id: the message
    (P0002 unknown).`) describes that parameter.
    """
    found: dict[str, str] = {}
    section = re.search(r"(?ms)^Parameters:\s*\n(.*?)(?:\n\s*\n|\n(?!\s*-|\s{2})|\Z)", comment)
    if section:
        for match in re.finditer(r"(?ms)^\s*-\s*(\w+)\s*:\s*(.+?)(?=^\s*-\s*\w+\s*:|\Z)",
                                 section.group(1)):
            if match.group(1) in names:
                found[match.group(1)] = " ".join(match.group(2).split())
    for name in names:
        if name in found:
            continue
        sentence = re.search(rf"(?:^|[\s.;(]){re.escape(name)}: (.+?\.)(?=\s|$)", comment, re.S)
        if sentence:
            text = " ".join(sentence.group(1).split())
            # a sentence that goes on to describe the next parameter stops there
            others = "|".join(re.escape(n) for n in names if n != name)
            if others:
                text = re.split(rf"[;.] (?:{others}): ", text)[0].rstrip(";")
            found[name] = text
    return found


def may_return_null(comment: str) -> bool:
    """Whether the comment says the function may return NULL (its return hint gets `| None`)."""
    return re.search(r"(?i)\breturn[^.]*\bNULL\b", comment) is not None


def python_default(sql_default: str | None, hint: str, sql_type: str) -> str | None:
    """The Python source of a SQL default: a literal when one says the same, else DEFAULT."""
    if sql_default is None:
        return None
    d = sql_default.strip()
    if re.fullmatch(r"NULL(::[\w .\[\]\"]+)?", d):
        return "None"
    if hint == "bool" and d in ("true", "false"):
        return d.capitalize()
    if hint == "int":
        m = re.fullmatch(r"(-?\d+)|'(-?\d+)'::(\w+)", d)
        if m and (m.group(1) or m.group(3) in _INT_CASTS):
            return str(int(m.group(1) or m.group(2)))
    if hint == "float" and re.fullmatch(r"-?\d+(\.\d+)?", d):
        return repr(float(d))
    if hint == "str":
        m = re.fullmatch(r"'((?:[^']|'')*)'(?:::(.+))?", d)
        if m and (m.group(2) is None or m.group(2) in _TEXT_CASTS or m.group(2) == sql_type):
            return pystr(m.group(1).replace("''", "'"))
    return "DEFAULT"


def pystr(s: str) -> str:
    """A Python string literal, double-quoted when possible."""
    if '"' not in s and "\\" not in s and s.isprintable():
        return f'"{s}"'
    return repr(s)


# Comments of the schema's table columns (parameter descriptions).
_COLUMN_COMMENTS_SQL = """
SELECT a.attname, col_description(c.oid, a.attnum)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND col_description(c.oid, a.attnum) IS NOT NULL
 ORDER BY c.relname, a.attnum
"""

# Single-column CHECKs that read an allowed-value list (a function of no
# arguments returning text[]) and that function; Catalog.known_values calls it.
_KNOWN_VALUES_SQL = r"""
SELECT DISTINCT a.attname, pn.nspname, p.proname
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
  JOIN pg_depend d ON d.classid = 'pg_constraint'::regclass AND d.objid = c.oid
                  AND d.refclassid = 'pg_proc'::regclass
  JOIN pg_proc p ON p.oid = d.refobjid
  JOIN pg_namespace pn ON pn.oid = p.pronamespace
 WHERE n.nspname = %s AND c.contype = 'c' AND cardinality(c.conkey) = 1
   AND p.pronargs = 0 AND p.prorettype = 'text[]'::regtype
 ORDER BY 1, 2, 3
"""


def read_catalog(conn: Any, schema: str = SCHEMA) -> tuple[list[Function], Catalog]:
    cat = Catalog(conn, schema)
    return cat.functions(), cat

