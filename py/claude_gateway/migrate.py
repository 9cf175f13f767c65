"""Schema migrations: versioned DDL, then the re-runnable sources, in ONE transaction.

`migrate` takes the migration lock (a transaction-level advisory lock, waited
for at most `lock_timeout` seconds, then a clear error naming the holder),
re-applies `db/roles.sql` (the cluster-wide roles and their memberships,
idempotent) and `db/values/` (the allowed-value lists and bounds, one
IMMUTABLE function each, so that a migration's CHECK may read them and a value
added there is known to every migration; on an empty database right after the
first migration has created schema claude), applies every pending versioned
migration of `db/migrations/` in order, then re-applies every file of
`db/views/`, `db/functions/`, `db/triggers/`, `db/function_attributes.sql` (how
every function runs: search_path and SECURITY DEFINER, stated once) and
`db/grants.sql`, and commits once.  Before those two it lists every function,
view and trigger of schema `claude` that no source file declared
(`MigrateResult.undeclared`).  Any failure rolls
everything back: an upgrade either lands whole or leaves the old, working
schema.  Changing a function is editing its file; a signature change needs a
`DROP FUNCTION` in a versioned migration.

yoyo reads the migration files (order, `-- depends:`, ids and hashes) and its
bookkeeping layout is kept (`_yoyo_migration`, `_yoyo_log`, `_yoyo_version`),
in schema `claude_migrations` rather than `public` (an owner on a managed
server may not create in `public`); tables an older release left in `public`
are carried over.  Applying is done here because yoyo commits each migration
on a connection of its own.

The SQL comes from the installed package (`claude_gateway/db/`, copied there
by the build from the repository's top-level `db/`), read through
`importlib.resources`; in a source checkout, from the repository's `db/`;
CLAUDE_GATEWAY_DB_DIR overrides both.  A `migrate` that finds no migration
fails (`MigrationsNotFound`): it never reports "applied 0" as success.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import psycopg
from psycopg import sql

from .localdb import resolve_admin_dsn

# Re-applied before the versioned migrations: roles and memberships (cluster-wide),
# then the allowed-value lists.
ROLES_FILE = "roles.sql"
PRE_DIRS = ("values",)
# Sources re-applied after the versioned migrations, in this order.
REPEATABLE_DIRS = ("views", "functions", "triggers")
# Then, over the whole schema: how every function runs, and the privileges.
ATTRIBUTES_FILE = "function_attributes.sql"
GRANTS_FILE = "grants.sql"
POST_FILES = (ATTRIBUTES_FILE, GRANTS_FILE)
# Where the bookkeeping lives (yoyo's table layout).
SCHEMA = "claude_migrations"
# One advisory lock key for every migrate run (any value unique to us).
_MIGRATE_LOCK = 0x636C6175  # "clau"
DEFAULT_LOCK_TIMEOUT = 60.0


class MigrateError(RuntimeError):
    """`migrate` could not run or failed; nothing of this run was committed."""


class MigrationsNotFound(MigrateError):
    """No versioned migration where the SQL should be: nothing to migrate with."""


class LockTimeout(MigrateError):
    """Another session held the migration lock for longer than the timeout."""


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


@dataclass(frozen=True)
class Migration:
    id: str
    path: Path
    rollback_path: Path | None

    @property
    def hash(self) -> str:
        """yoyo's hash of a migration: sha256 of its id."""
        return hashlib.sha256(self.id.encode("utf-8")).hexdigest()


def migration_files(root: Path) -> list[Path]:
    """The versioned migrations under `root` (not their rollbacks); none is an error."""
    folder = root / "migrations"
    found = sorted(p for p in folder.glob("*.sql") if not p.name.endswith(".rollback.sql"))
    if not found:
        where = "CLAUDE_GATEWAY_DB_DIR" if os.environ.get("CLAUDE_GATEWAY_DB_DIR") else "the package"
        raise MigrationsNotFound(
            f"no migrations found in {folder} (from {where}): the installed package carries no SQL; "
            "reinstall claude-gateway from a wheel or sdist built by its build step, "
            "or set CLAUDE_GATEWAY_DB_DIR to a checkout's db/ folder"
        )
    return found


def read_migrations(root: Path) -> list[Migration]:
    """The versioned migrations in yoyo's order (ids sorted, `-- depends:` honoured)."""
    from yoyo import read_migrations as yoyo_read

    migration_files(root)
    out = []
    for m in yoyo_read(str(root / "migrations")):
        path = Path(m.path)
        rollback = path.with_name(path.name[: -len(".sql")] + ".rollback.sql")
        out.append(Migration(id=m.id, path=path, rollback_path=rollback if rollback.is_file() else None))
    return out


def repeatable_files(root: Path | None = None) -> list[Path]:
    """views/, functions/, triggers/ (each sorted), then function_attributes.sql and grants.sql."""
    if root is None:
        root = db_dir()
    files: list[Path] = []
    for sub in REPEATABLE_DIRS:
        files.extend(sorted((root / sub).glob("*.sql")))
    files.extend(path for path in (root / name for name in POST_FILES) if path.is_file())
    return files


def pre_files(root: Path) -> list[Path]:
    """db/values/ (sorted): applied before the versioned migrations."""
    return [path for sub in PRE_DIRS for path in sorted((root / sub).glob("*.sql"))]


@dataclass
class MigrateResult:
    applied: list[str]
    repeatable_files: int
    # Functions, views and triggers of schema claude that no source file declares
    # (a deleted or renamed source leaves its object behind): drop them in a migration.
    undeclared: list[str] = field(default_factory=list)


# What the sources did not (re)create in this transaction: CREATE OR REPLACE
# rewrites the catalog row of every function, view rule and trigger it declares,
# so a row older than this transaction (age > 0; rows written in its savepoints
# have newer ids) was declared by no file.  Run before function_attributes.sql
# and grants.sql, which rewrite every function's row.  A function a table's CHECK reads (claude._is_blank)
# is a migration's: it cannot be re-created without the constraint.
_UNDECLARED_SQL = """
SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
 WHERE p.pronamespace = 'claude'::regnamespace AND age(p.xmin) > 0
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                    AND d.objid = p.oid AND d.deptype = 'e')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_constraint'::regclass
                    AND d.refclassid = 'pg_proc'::regclass AND d.refobjid = p.oid)
UNION ALL
SELECT 'view ' || c.oid::regclass::text FROM pg_class c JOIN pg_rewrite r ON r.ev_class = c.oid
 WHERE c.relnamespace = 'claude'::regnamespace AND c.relkind = 'v' AND age(r.xmin) > 0
UNION ALL
SELECT 'trigger ' || quote_ident(t.tgname) || ' on ' || c.oid::regclass::text
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = 'claude'::regnamespace AND NOT t.tgisinternal AND age(t.xmin) > 0
 ORDER BY 1
"""


# ---------------------------------------------------------------------------
# the connection, the lock, the bookkeeping
# ---------------------------------------------------------------------------
def lock_timeout_seconds() -> float:
    raw = os.environ.get("CLAUDE_GATEWAY_MIGRATE_LOCK_TIMEOUT")
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError as exc:
        raise MigrateError(f"CLAUDE_GATEWAY_MIGRATE_LOCK_TIMEOUT={raw!r} is not a number of seconds") from exc


def _check_writable(conn: psycopg.Connection) -> None:
    row = conn.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')").fetchone()
    assert row is not None
    if row[0]:
        raise MigrateError(
            "the server is a read-only standby (hot standby replica, pg_is_in_recovery() is true): "
            "run migrate against the primary; the standby follows it"
        )
    if row[1] == "on":
        raise MigrateError(
            "the session is read-only (default_transaction_read_only = on): "
            "migrate needs a read-write connection to the primary"
        )


def _lock_holder(conn: psycopg.Connection) -> str:
    row = conn.execute(
        """
        SELECT a.pid, a.usename, a.application_name, a.state, a.xact_start
          FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.database = (
                   SELECT oid FROM pg_database WHERE datname = current_database())
           AND ((l.classid::bigint << 32) | l.objid::bigint) = %s
         LIMIT 1
        """,
        (_MIGRATE_LOCK,),
    ).fetchone()
    if row is None:
        return "another session"
    pid, user, app, state, since = row
    return (f"session pid {pid} (user {user}, application {app or '-'}, {state}, "
            f"transaction since {since:%Y-%m-%d %H:%M:%S%z})" if since else
            f"session pid {pid} (user {user}, application {app or '-'}, {state})")


def _take_lock(conn: psycopg.Connection, timeout: float) -> None:
    """pg_try_advisory_xact_lock, polled until `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        row = conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (_MIGRATE_LOCK,)).fetchone()
        if row is not None and row[0]:
            return
        if time.monotonic() >= deadline:
            holder = _lock_holder(conn)
            raise LockTimeout(
                f"the migration lock (advisory lock {_MIGRATE_LOCK}) is held by {holder}; "
                f"waited {timeout:g} s. Another migrate is running, or a session holds that key: "
                "wait for it, or end it (SELECT pg_terminate_backend(pid)); "
                "CLAUDE_GATEWAY_MIGRATE_LOCK_TIMEOUT sets the wait"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


_BOOKKEEPING = f"""
CREATE TABLE IF NOT EXISTS {SCHEMA}._yoyo_migration (
    migration_hash varchar(64) PRIMARY KEY,
    migration_id   varchar(255),
    applied_at_utc timestamp
);
CREATE TABLE IF NOT EXISTS {SCHEMA}._yoyo_log (
    id             varchar(36) PRIMARY KEY,
    migration_hash varchar(64),
    migration_id   varchar(255),
    operation      varchar(10),
    username       varchar(255),
    hostname       varchar(255),
    comment        varchar(255),
    created_at_utc timestamp
);
CREATE TABLE IF NOT EXISTS {SCHEMA}._yoyo_version (
    version          int PRIMARY KEY,
    installed_at_utc timestamp
);
INSERT INTO {SCHEMA}._yoyo_version VALUES (2, now() AT TIME ZONE 'UTC') ON CONFLICT DO NOTHING;
COMMENT ON SCHEMA {SCHEMA} IS
    'claude-gateway migrate: which versioned migrations are applied (yoyo''s table layout).';
"""


def _ensure_bookkeeping(conn: psycopg.Connection) -> None:
    """Schema claude_migrations and yoyo's tables in it; rows of an older `public` copy carried over."""
    exists = conn.execute("SELECT to_regnamespace(%s) IS NOT NULL", (SCHEMA,)).fetchone()
    if not (exists and exists[0]):
        can = conn.execute("SELECT has_database_privilege(current_database(), 'CREATE')").fetchone()
        if not (can and can[0]):
            raise MigrateError(
                f"cannot create schema {SCHEMA}: role {conn.info.user} lacks CREATE on database "
                f"{conn.info.dbname}; migrate runs as the database's owner (or a role granted CREATE on it)"
            )
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    conn.execute(_BOOKKEEPING)
    old = conn.execute("SELECT to_regclass('public._yoyo_migration') IS NOT NULL").fetchone()
    if old and old[0]:
        conn.execute(f"""
            INSERT INTO {SCHEMA}._yoyo_migration
            SELECT migration_hash, migration_id, applied_at_utc FROM public._yoyo_migration
            ON CONFLICT DO NOTHING""")
        if conn.execute("SELECT to_regclass('public._yoyo_log') IS NOT NULL").fetchone() == (True,):
            conn.execute(f"""
                INSERT INTO {SCHEMA}._yoyo_log
                SELECT id, migration_hash, migration_id, operation, username, hostname, comment,
                       created_at_utc FROM public._yoyo_log
                ON CONFLICT DO NOTHING""")
        # The public copies go when this role may drop them (it owns them); else they stay, unused.
        for table in ("_yoyo_migration", "_yoyo_log", "_yoyo_version", "yoyo_lock"):
            conn.execute(sql.SQL("""
                DO $$ BEGIN
                    IF to_regclass({qualified}) IS NOT NULL AND pg_has_role(
                           (SELECT relowner FROM pg_class WHERE oid = to_regclass({qualified})), 'USAGE')
                    THEN EXECUTE 'DROP TABLE ' || {qualified};
                    END IF;
                END $$""").format(qualified=sql.Literal(f"public.{table}")))


def _applied_hashes(conn: psycopg.Connection) -> set[str]:
    if conn.execute("SELECT to_regclass(%s) IS NULL", (f"{SCHEMA}._yoyo_migration",)).fetchone() == (True,):
        if conn.execute("SELECT to_regclass('public._yoyo_migration') IS NULL").fetchone() == (True,):
            return set()
        rows = conn.execute("SELECT migration_hash FROM public._yoyo_migration").fetchall()
        return {r[0] for r in rows}
    return {r[0] for r in conn.execute(f"SELECT migration_hash FROM {SCHEMA}._yoyo_migration").fetchall()}


def _log(conn: psycopg.Connection, migration: Migration, operation: str) -> None:
    conn.execute(
        f"INSERT INTO {SCHEMA}._yoyo_log (id, migration_hash, migration_id, operation, username, hostname,"
        " created_at_utc) VALUES (%s, %s, %s, %s, %s, %s, now() AT TIME ZONE 'UTC')",
        (str(uuid.uuid1()), migration.hash, migration.id, operation, getpass.getuser(), socket.getfqdn()),
    )


def _run_file(conn: psycopg.Connection, path: Path, what: str) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        with conn.transaction():  # a savepoint: the error names the file, then the whole run rolls back
            conn.execute(text.encode("utf-8"))
    except psycopg.Error as exc:
        diag = exc.diag
        message = (diag.message_primary or str(exc)).strip()
        extra = f" (SQLSTATE {exc.sqlstate})" if exc.sqlstate else ""
        hint = f"; hint: {diag.message_hint}" if diag.message_hint else ""
        raise MigrateError(f"{what} {path.name}: {message}{extra}{hint}") from exc


@contextmanager
def _migration_transaction(dsn: str, lock_timeout: float | None) -> Iterator[psycopg.Connection]:
    """One connection, one transaction, the migration lock held until commit or rollback."""
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, application_name="claude-gateway migrate")
    except psycopg.OperationalError as exc:
        raise MigrateError(f"cannot connect: {str(exc).strip()}") from exc
    with conn:
        _check_writable(conn)
        with conn.transaction():
            _take_lock(conn, lock_timeout_seconds() if lock_timeout is None else lock_timeout)
            conn.execute("SET LOCAL client_min_messages = warning")
            yield conn


def _apply(conn: psycopg.Connection, root: Path, migrations: list[Migration], *, repeatables: bool,
           undeclared: list[str] | None = None) -> int:
    roles = root / ROLES_FILE
    if roles.is_file():
        _run_file(conn, roles, "roles")
    values = pre_files(root)
    _ensure_bookkeeping(conn)

    def apply_values() -> bool:
        """db/values/ once schema claude exists (on an empty database the first
        migration creates it, with its grants, and the lists come right after)."""
        row = conn.execute("SELECT to_regnamespace('claude') IS NOT NULL").fetchone()
        if not (row and row[0]):
            return False
        for path in values:
            _run_file(conn, path, "allowed values")
        return True

    applied_values = apply_values()
    for mig in migrations:
        _run_file(conn, mig.path, "migration")
        if not applied_values:
            applied_values = apply_values()
        conn.execute(
            f"INSERT INTO {SCHEMA}._yoyo_migration VALUES (%s, %s, now() AT TIME ZONE 'UTC')",
            (mig.hash, mig.id),
        )
        _log(conn, mig, "apply")
    if not repeatables:
        return len(values)
    # Function bodies may refer to functions defined in later files.
    conn.execute("SET LOCAL check_function_bodies = off")
    files = repeatable_files(root)
    to_list = undeclared  # listed once, before the first of POST_FILES
    for path in files:
        if to_list is not None and path.name in POST_FILES:
            to_list.extend(r[0] for r in conn.execute(_UNDECLARED_SQL))
            to_list = None
        _run_file(conn, path, "source")
    conn.execute("SET LOCAL check_function_bodies = on")
    return len(values) + len(files)


def migrate(dsn: str | None = None, *, repeatables: bool = True,
            lock_timeout: float | None = None) -> MigrateResult:
    """Apply the pending migrations and re-apply the sources, all in one transaction."""
    dsn = resolve_admin_dsn(dsn)
    with sql_dir() as root:
        migrations = read_migrations(root)
        with _migration_transaction(dsn, lock_timeout) as conn:
            done = _applied_hashes(conn)
            pending = [mig for mig in migrations if mig.hash not in done]
            undeclared: list[str] = []
            count = _apply(conn, root, pending, repeatables=repeatables, undeclared=undeclared)
    return MigrateResult(applied=[mig.id for mig in pending], repeatable_files=count, undeclared=undeclared)


def apply_first(dsn: str | None = None, count: int = 1) -> list[str]:
    """Apply only the first `count` pending versioned migrations (for upgrade tests)."""
    dsn = resolve_admin_dsn(dsn)
    with sql_dir() as root:
        migrations = read_migrations(root)
        with _migration_transaction(dsn, None) as conn:
            done = _applied_hashes(conn)
            pending = [mig for mig in migrations if mig.hash not in done][:count]
            _apply(conn, root, pending, repeatables=False)
    return [mig.id for mig in pending]


def rollback(dsn: str | None = None, *, all_: bool = False) -> list[str]:
    """Roll back the newest applied migration, or all of them (one transaction)."""
    dsn = resolve_admin_dsn(dsn)
    with sql_dir() as root:
        migrations = read_migrations(root)
        with _migration_transaction(dsn, None) as conn:
            done = _applied_hashes(conn)
            if done:
                _ensure_bookkeeping(conn)
            applied = [mig for mig in reversed(migrations) if mig.hash in done]
            if not all_:
                applied = applied[:1]
            for mig in applied:
                if mig.rollback_path is None:
                    raise MigrateError(f"migration {mig.id} has no rollback file")
                _run_file(conn, mig.rollback_path, "rollback")
                conn.execute(f"DELETE FROM {SCHEMA}._yoyo_migration WHERE migration_hash = %s", (mig.hash,))
                _log(conn, mig, "rollback")
    return [mig.id for mig in applied]


def applied_migrations(dsn: str | None = None) -> list[str]:
    """The applied migrations, in order (an older release's `public` bookkeeping too)."""
    dsn = resolve_admin_dsn(dsn)
    with sql_dir() as root:
        migrations = read_migrations(root)
    with psycopg.connect(dsn, connect_timeout=10) as conn:
        done = _applied_hashes(conn)
    return [mig.id for mig in migrations if mig.hash in done]
