"""Schema migrations: yoyo for versioned DDL, then the re-runnable sources.

yoyo has no repeatable migrations (its post-apply hook only runs when a
migration is pending), so after the versioned migrations `migrate` re-applies
every file of `db/views/`, `db/functions/`, `db/triggers/` and `db/grants.sql`
itself, in one transaction, in that order.  Changing a function is editing its
file; a signature change needs a `DROP FUNCTION` in a versioned migration.

The SQL comes from the installed package (`claude_gateway/db/`, copied there
by the build from the repository's top-level `db/`), read through
`importlib.resources`; in a source checkout, from the repository's `db/`;
CLAUDE_GATEWAY_DB_DIR overrides both.  A `migrate` that finds no migration
fails (`MigrationsNotFound`): it never reports "applied 0" as success.

Before the versioned migrations it applies `db/values/` (the allowed-value
lists and bounds, one IMMUTABLE function each), so that a migration's CHECK
may read them and a value added there is known to every migration after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from psycopg import conninfo

from .localdb import resolve_dsn

# Sources re-applied on every migrate, in this order: PRE_DIRS before the
# versioned migrations, REPEATABLE_DIRS after them.
PRE_DIRS = ("values",)
REPEATABLE_DIRS = ("views", "functions", "triggers")
GRANTS_FILE = "grants.sql"
# One advisory lock key for every migrate run (any value unique to us).
_MIGRATE_LOCK = 0x636C6175  # "clau"


class MigrationsNotFound(RuntimeError):
    """No versioned migration where the SQL should be: nothing to migrate with."""


def _checkout_db() -> Path:
    """The repository's top-level `db/` (a source checkout or an editable install)."""
    return Path(__file__).resolve().parents[2] / "db"


@contextmanager
def sql_dir() -> Iterator[Path]:
    """The SQL folder as a real directory for as long as the block runs.

    CLAUDE_GATEWAY_DB_DIR, else the package's `db/` (importlib.resources; a
    zipped install is extracted for the block), else the checkout's `db/`.
    """
    env = os.environ.get("CLAUDE_GATEWAY_DB_DIR")
    if env:
        yield Path(env)
        return
    packaged = resources.files("claude_gateway").joinpath("db")
    if packaged.is_dir():
        with resources.as_file(packaged) as path:
            yield Path(path)
        return
    yield _checkout_db()


def db_dir() -> Path:
    """The SQL folder when it is a plain directory (see `sql_dir`)."""
    with sql_dir() as path:
        return path


def migration_files(root: Path) -> list[Path]:
    """The versioned migrations under `root` (not their rollbacks); none is an error."""
    folder = root / "migrations"
    found = sorted(p for p in folder.glob("*.sql") if not p.name.endswith(".rollback.sql"))
    if not found:
        where = os.environ.get("CLAUDE_GATEWAY_DB_DIR") and "CLAUDE_GATEWAY_DB_DIR" or "the package"
        raise MigrationsNotFound(
            f"no migrations found in {folder} (from {where}): the installed package carries no SQL; "
            "reinstall claude-gateway from a wheel or sdist built by its build step, "
            "or set CLAUDE_GATEWAY_DB_DIR to a checkout's db/ folder"
        )
    return found


def yoyo_url(dsn: str) -> str:
    """Turn a libpq DSN (URL or key=value) into a yoyo URL for psycopg 3."""
    params = conninfo.conninfo_to_dict(dsn)
    user = params.pop("user", None) or os.environ.get("PGUSER") or ""
    password = params.pop("password", None)
    dbname = params.pop("dbname", None) or os.environ.get("PGDATABASE") or user
    netloc = ""
    if user:
        netloc = quote(user, safe="")
        if password:
            netloc += ":" + quote(password, safe="")
        netloc += "@"
    query = {k: v for k, v in params.items() if v is not None}
    url = f"postgresql+psycopg://{netloc}/{quote(str(dbname), safe='')}"
    if query:
        url += "?" + urlencode(query)
    return url


@dataclass
class MigrateResult:
    applied: list[str]
    repeatable_files: int
    # Functions, views and triggers of schema claude that no source file declares
    # (a deleted or renamed source leaves its object behind): drop them in a migration.
    undeclared: list[str] = field(default_factory=list)


# What the sources did not (re)create in the transaction that applied them all:
# CREATE OR REPLACE rewrites the catalog row of every function, view rule and
# trigger it declares, so a row older than this transaction was declared by no file.
_UNDECLARED_SQL = """
SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
 WHERE p.pronamespace = 'claude'::regnamespace AND age(p.xmin) > 0
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                    AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'view ' || c.oid::regclass::text FROM pg_class c JOIN pg_rewrite r ON r.ev_class = c.oid
 WHERE c.relnamespace = 'claude'::regnamespace AND c.relkind = 'v' AND age(r.xmin) > 0
UNION ALL
SELECT 'trigger ' || quote_ident(t.tgname) || ' on ' || c.oid::regclass::text
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = 'claude'::regnamespace AND NOT t.tgisinternal AND age(t.xmin) > 0
 ORDER BY 1
"""


def _backend_and_migrations(dsn: str, root: Path):  # type: ignore[no-untyped-def]
    from yoyo import get_backend, read_migrations

    migration_files(root)
    backend = get_backend(yoyo_url(dsn))
    migrations = read_migrations(str(root / "migrations"))
    return backend, migrations


def pre_files(root: Path) -> list[Path]:
    return [path for sub in PRE_DIRS for path in sorted((root / sub).glob("*.sql"))]


def apply_pre(dsn: str, root: Path) -> int:
    """Apply db/values/ (creating schema claude on an empty database)."""
    files = pre_files(root)
    with psycopg.connect(dsn) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
        conn.execute("SET LOCAL client_min_messages = warning")
        conn.execute("CREATE SCHEMA IF NOT EXISTS claude")
        for path in files:
            try:
                conn.execute(path.read_text())  # type: ignore[arg-type]
            except psycopg.Error as exc:
                raise RuntimeError(f"{path}: {exc}") from exc
    return len(files)


def repeatable_files(root: Path | None = None) -> list[Path]:
    if root is None:
        root = db_dir()
    files: list[Path] = []
    for sub in REPEATABLE_DIRS:
        files.extend(sorted((root / sub).glob("*.sql")))
    grants = root / GRANTS_FILE
    if grants.is_file():
        files.append(grants)
    return files


def apply_repeatables(dsn: str, files: Iterable[Path] | None = None,
                      undeclared: list[str] | None = None) -> int:
    """Re-apply views, functions, triggers and grants in one transaction.

    With `undeclared` (and the allowed-value lists among `files`), append to it the
    functions, views and triggers of schema claude that no applied file declares.
    """
    files = list(repeatable_files() if files is None else files)
    with psycopg.connect(dsn) as conn:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            # Function bodies may refer to functions defined in later files.
            conn.execute("SET LOCAL check_function_bodies = off")
            conn.execute("SET LOCAL client_min_messages = warning")
            for path in files:
                if path.name == GRANTS_FILE and undeclared is not None:
                    # before the grants, which rewrite every function's row
                    undeclared.extend(r[0] for r in conn.execute(_UNDECLARED_SQL))
                    undeclared = None
                try:
                    conn.execute(path.read_text())  # type: ignore[arg-type]
                except psycopg.Error as exc:
                    raise RuntimeError(f"{path}: {exc}") from exc
            if undeclared is not None:
                undeclared.extend(r[0] for r in conn.execute(_UNDECLARED_SQL))
    return len(files)


def migrate(dsn: str | None = None, *, repeatables: bool = True) -> MigrateResult:
    """Apply pending versioned migrations, then the re-runnable sources."""
    dsn = resolve_dsn(dsn)
    with sql_dir() as root:
        backend, migrations = _backend_and_migrations(dsn, root)
        pre = apply_pre(dsn, root)
        with backend.lock():
            pending = backend.to_apply(migrations)
            applied = [m.id for m in pending]
            backend.apply_migrations(pending)
        undeclared: list[str] = []
        # db/values/ again, so that one transaction declares every source object.
        count = apply_repeatables(dsn, [*pre_files(root), *repeatable_files(root)],
                                  undeclared) if repeatables else 0
    return MigrateResult(applied=applied, repeatable_files=count or pre, undeclared=undeclared)


def apply_first(dsn: str | None = None, count: int = 1) -> list[str]:
    """Apply only the first `count` versioned migrations (for upgrade tests)."""
    dsn = resolve_dsn(dsn)
    with sql_dir() as root:
        backend, migrations = _backend_and_migrations(dsn, root)
        apply_pre(dsn, root)
        with backend.lock():
            pending = backend.to_apply(migrations)[:count]
            backend.apply_migrations(pending)
    return [m.id for m in pending]


def rollback(dsn: str | None = None, *, all_: bool = False) -> list[str]:
    """Roll back the newest applied migration, or all of them."""
    dsn = resolve_dsn(dsn)
    with sql_dir() as root:
        backend, migrations = _backend_and_migrations(dsn, root)
        with backend.lock():
            to_rollback = backend.to_rollback(migrations)
            if not all_:
                to_rollback = to_rollback[:1]
            ids = [m.id for m in to_rollback]
            backend.rollback_migrations(to_rollback)
    return ids


def applied_migrations(dsn: str | None = None) -> list[str]:
    dsn = resolve_dsn(dsn)
    with sql_dir() as root:
        backend, migrations = _backend_and_migrations(dsn, root)
        applied = backend.get_applied_migration_hashes()
    return [m.id for m in migrations if m.hash in applied]
