"""Generate the Python client and the API reference from a migrated database's catalog.

    claude-gateway codegen            # write py/claude_gateway/_generated.py, docs/API.md
    claude-gateway codegen --check    # exit 1 with a diff when either is stale

The database is `--dsn`, else DATABASE_URL, else the local cluster.  Every
function of schema `claude` is API except private helpers (`_name`), trigger
functions (`tg_name`, or returning trigger), extension members, procedures and
aggregates.  Each becomes one method of `GatewayAPI` (sync) and `AsyncGatewayAPI`
(async) with the same name and keyword-only parameters:

- SQL types map to Python: uuid -> UUID, text/varchar/char/name/enums -> str,
  smallint/integer/bigint -> int, numeric -> Decimal, real/double -> float,
  boolean -> bool, json/jsonb -> Any, arrays -> list[...], timestamptz ->
  datetime, date -> date, time -> time, interval -> timedelta, bytea -> bytes,
  domains -> their base type, anything else -> Any.
- A SQL default becomes the same Python literal when one exists (NULL -> None,
  integers, booleans, double precision, string literals of a text type); any
  other default (`'{}'::jsonb`, `now()`, `'7 days'::interval`, numeric, ...)
  becomes the `DEFAULT` sentinel.  Arguments left at DEFAULT are not sent, so
  the SQL default applies; the docstring shows the SQL expression.
- A parameter named like a Python keyword gets a trailing underscore
  (`from` -> `from_`, `self` -> `self_`); the SQL call still uses its real,
  quoted when needed, name (`"limit" => %(limit)s::integer`).
- Returns: void -> None; a base type -> that type (`| None` when the comment
  says it may return NULL); a table's, view's or composite type's row -> a
  frozen dataclass `<Name>Row`, generated once per row type; RETURNS TABLE and
  OUT parameters -> `<FunctionName>Row`; SETOF -> list[...].
- The COMMENT ON FUNCTION becomes the docstring.
- `API_FUNCTIONS` at the end of the module is the catalog as data (each
  function's domain, result kind, parameters with SQL and Python types and SQL
  defaults, and its comment; `execute_job` included): the MCP server's tools.

Overloaded names, unnamed input parameters and names of the client's own
attributes (`close`, `connection`, `transaction`, `dsn`) are rejected with an
error naming the function.  `execute_job` is never generated: it is the
hand-written client-side tool (client.py), documented in docs/API.md.
A function's domain in docs/API.md comes from its name (see DOMAIN_RULES).  The output is sorted and
does not depend on OIDs, so a fresh generation is byte-identical.

Three parts: catalog.py reads the catalog, python.py renders the client
(laid out by `ruff format`, so nothing is formatted by hand), docs.py renders
the reference.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

from .catalog import (
    CLIENT_ATTRIBUTES,
    CLIENT_SIDE_TOOLS,
    DOMAIN_ORDER,
    DOMAIN_RULES,
    KNOWN_SQLSTATES,
    SCHEMA,
    Catalog,
    ClientTool,
    CodegenError,
    Function,
    Param,
    camel,
    domain_of,
    may_return_null,
    py_name,
    python_default,
    read_catalog,
)
from .docs import render_docs
from .python import HEADER, literal_aliases, render_catalog, render_module

REPO_ROOT = Path(__file__).resolve().parents[3]
MODULE_PATH = REPO_ROOT / "py" / "claude_gateway" / "_generated.py"
DOCS_PATH = REPO_ROOT / "docs" / "API.md"


def ruff_format(source: str) -> str:
    """The module as `ruff format` lays it out, with the repository's settings."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(MODULE_PATH), "-"],
        input=source, capture_output=True, text=True, cwd=REPO_ROOT,
    )
    if proc.returncode != 0:
        raise CodegenError(f"ruff format failed (install the dev extra): {proc.stderr.strip()[-500:]}")
    return proc.stdout


def generate(dsn: str, schema: str = SCHEMA) -> tuple[str, str]:
    """The module's and the reference's text, generated from the database at `dsn`."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        # Type names are printed schema-qualified unless visible on the search_path:
        # fix it, so the output does not depend on the caller's settings.
        conn.execute("SET search_path = pg_catalog")
        functions, cat = read_catalog(conn, schema)
    return ruff_format(render_module(functions, cat)), render_docs(functions)


def _diff(path: Path, fresh: str) -> str:
    old = path.read_text() if path.exists() else ""
    if old == fresh:
        return ""
    return "".join(difflib.unified_diff(
        old.splitlines(keepends=True), fresh.splitlines(keepends=True),
        fromfile=f"{path} (committed)", tofile=f"{path} (from the catalog)",
    ))


def run(
    dsn: str | None = None, *, check: bool = False,
    module_path: Path = MODULE_PATH, docs_path: Path = DOCS_PATH,
) -> int:
    """Write (or with `check`, compare) both files; return the exit status."""
    from ..localdb import resolve_admin_dsn

    module, docs = generate(resolve_admin_dsn(dsn))
    outputs = ((module_path, module), (docs_path, docs))
    if check:
        stale = False
        for path, text in outputs:
            diff = _diff(path, text)
            if diff:
                stale = True
                sys.stdout.write(diff)
                print(f"stale: {path}; regenerate with `claude-gateway codegen`", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path}", file=sys.stderr)
        else:
            print(f"unchanged {path}", file=sys.stderr)
    return 0


__all__ = [
    "CLIENT_ATTRIBUTES", "CLIENT_SIDE_TOOLS", "DOCS_PATH", "DOMAIN_ORDER", "DOMAIN_RULES", "HEADER",
    "KNOWN_SQLSTATES", "MODULE_PATH", "SCHEMA", "Catalog", "ClientTool", "CodegenError", "Function", "Param",
    "camel", "domain_of", "generate", "literal_aliases", "may_return_null", "py_name", "python_default",
    "read_catalog", "render_catalog", "render_docs", "render_module", "ruff_format", "run",
]
