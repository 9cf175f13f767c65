"""Connection poolers (PgBouncer) and where each kind of connection goes.

Server-side prepared statements belong to one server connection.  A pooler in
transaction mode (PgBouncer < 1.21, e.g. Debian 12's 1.18) hands each
transaction to any server connection, so a statement prepared by one client
may be missing, already defined, or -- worst -- defined as ANOTHER client's
statement of the same name (`_pg3_0`), which then runs silently instead of
the intended call.  So the client prepares only when it talks to PostgreSQL
directly:

    CLAUDE_GATEWAY_PREPARE=auto  (default) prepare unless a pooler is detected
    CLAUDE_GATEWAY_PREPARE=off   never prepare (psycopg prepare_threshold=None)
    CLAUDE_GATEWAY_PREPARE=on    always prepare (direct connections only!)

Detection: PostgreSQL tells a client its backend's process id at login
(BackendKeyData, psycopg's `conn.info.backend_pid`); a pooler answers the
login itself with an id of its own, so it differs from `pg_backend_pid()`.

LISTEN needs a session connection (a notification is delivered to the server
connection that listens, which a transaction pooler hands to others between
transactions): `listen_dsn()` is DATABASE_SESSION_URL when set (a direct or
session-mode URL), else the DSN, and `listen_connection()` refuses a pooled
connection unless DATABASE_SESSION_URL says it is a session connection.

Readers may use a separate read URL (a hot standby): `read_dsn()` is
DATABASE_READ_URL when set, else the DSN.
"""

from __future__ import annotations

import os
from typing import Any, Literal

import psycopg

from .errors import GatewayError, from_psycopg
from .localdb import resolve_dsn

PREPARE_ENV = "CLAUDE_GATEWAY_PREPARE"
POOL_SIZE_ENV = "CLAUDE_GATEWAY_POOL_SIZE"
SESSION_URL_ENV = "DATABASE_SESSION_URL"
READ_URL_ENV = "DATABASE_READ_URL"

PrepareMode = Literal["auto", "on", "off"]

STANDBY_LISTEN = "LISTEN cannot run on a hot standby: notifications are not replicated"
STANDBY_LISTEN_HINT = (f"Set {SESSION_URL_ENV} to the primary (a direct or session-mode URL); "
                       f"{READ_URL_ENV} may stay on the standby for the queries.")


def prepare_mode(value: str | None = None) -> PrepareMode:
    """The CLAUDE_GATEWAY_PREPARE setting (auto when unset)."""
    text = (value if value is not None else os.environ.get(PREPARE_ENV, "")).strip().lower()
    if text in ("", "auto"):
        return "auto"
    if text in ("on", "1", "true", "yes"):
        return "on"
    if text in ("off", "0", "false", "no"):
        return "off"
    raise GatewayError(
        f"{PREPARE_ENV}={text!r} is not one of auto, on, off",
        sqlstate="22023", hint=f"Set {PREPARE_ENV}=off behind PgBouncer in transaction mode, "
        "or leave it unset (auto).",
    )


def pool_size(wanted: int) -> int:
    """The most connections one client pool opens: `wanted`, capped by CLAUDE_GATEWAY_POOL_SIZE.

    Behind PgBouncer in session mode every client connection holds a server
    connection until it closes, so the pools of all clients together must fit
    in PgBouncer's pool_size; otherwise the extra connections wait in PgBouncer
    until its query_wait_timeout (reported as Unavailable with a hint).
    """
    text = os.environ.get(POOL_SIZE_ENV, "").strip()
    if not text:
        return wanted
    if not text.isdigit() or int(text) < 1:
        raise GatewayError(f"{POOL_SIZE_ENV}={text!r} is not a positive integer", sqlstate="22023",
                           hint="Behind PgBouncer in session mode, keep it at or below its pool_size.")
    return min(wanted, int(text))


def behind_pooler(conn: psycopg.Connection[Any]) -> bool:
    """True when `conn` reaches PostgreSQL through a pooler (its login pid is not the backend's)."""
    row = conn.execute("SELECT pg_backend_pid()", prepare=False).fetchone()
    return row is None or row[0] != conn.info.backend_pid


async def behind_pooler_async(conn: psycopg.AsyncConnection[Any]) -> bool:
    cur = await conn.execute("SELECT pg_backend_pid()", prepare=False)
    row = await cur.fetchone()
    return row is None or row[0] != conn.info.backend_pid


def decide_prepare(conn: psycopg.Connection[Any], mode: PrepareMode | None = None) -> bool:
    """Whether to prepare statements on connections like `conn` (see the module doc)."""
    mode = mode or prepare_mode()
    if mode == "auto":
        return not behind_pooler(conn)
    return mode == "on"


async def decide_prepare_async(conn: psycopg.AsyncConnection[Any], mode: PrepareMode | None = None) -> bool:
    mode = mode or prepare_mode()
    if mode == "auto":
        return not await behind_pooler_async(conn)
    return mode == "on"


def connection_kwargs(prepare: bool) -> dict[str, Any]:
    """psycopg connection options: no automatic server-side prepares when `prepare` is off."""
    return {} if prepare else {"prepare_threshold": None}


def connect(dsn: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
    """psycopg.connect(dsn, **kwargs) that never prepares behind a pooler (CLAUDE_GATEWAY_PREPARE)."""
    conn = psycopg.connect(resolve_dsn(dsn), **kwargs)
    try:
        if not decide_prepare(conn):
            conn.prepare_threshold = None
        if not kwargs.get("autocommit") and conn.info.transaction_status != 0:
            conn.rollback()  # the probe opened a transaction; start clean
    except BaseException:
        conn.close()
        raise
    return conn


def listen_dsn(dsn: str | None = None) -> str:
    """Where LISTEN goes: DATABASE_SESSION_URL when set, else the DSN."""
    return os.environ.get(SESSION_URL_ENV, "").strip() or resolve_dsn(dsn)


def listen_connection(dsn: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
    """An autocommit connection for LISTEN: DATABASE_SESSION_URL, else the DSN.

    Through a pooler without DATABASE_SESSION_URL it raises GatewayError: in
    transaction mode notifications would silently never arrive.
    """
    explicit = bool(os.environ.get(SESSION_URL_ENV, "").strip())
    target = listen_dsn(dsn)
    try:
        conn = psycopg.connect(target, autocommit=True, prepare_threshold=None, **kwargs)
    except psycopg.Error as exc:
        raise from_psycopg(exc) from exc
    if conn.execute("SELECT pg_is_in_recovery()").fetchone() == (True,):
        conn.close()
        raise GatewayError(STANDBY_LISTEN, hint=STANDBY_LISTEN_HINT)
    if not explicit and behind_pooler(conn):
        conn.close()
        raise GatewayError(
            "LISTEN needs a session connection, and this database URL goes through a connection pooler",
            hint=f"Set {SESSION_URL_ENV} to a direct PostgreSQL URL, or to a PgBouncer database in "
            "pool_mode=session: in transaction mode notifications never arrive.",
        )
    return conn


async def listen_connection_async(dsn: str | None = None, **kwargs: Any) -> psycopg.AsyncConnection[Any]:
    """listen_connection() for asyncio (the MCP server's wait_for_messages)."""
    explicit = bool(os.environ.get(SESSION_URL_ENV, "").strip())
    target = listen_dsn(dsn)
    try:
        conn = await psycopg.AsyncConnection.connect(target, autocommit=True, prepare_threshold=None,
                                                     **kwargs)
    except psycopg.Error as exc:
        raise from_psycopg(exc) from exc
    cur = await conn.execute("SELECT pg_is_in_recovery()")
    if await cur.fetchone() == (True,):
        await conn.close()
        raise GatewayError(STANDBY_LISTEN, hint=STANDBY_LISTEN_HINT)
    if not explicit and await behind_pooler_async(conn):
        await conn.close()
        raise GatewayError(
            "LISTEN needs a session connection, and this database URL goes through a connection pooler",
            hint=f"Set {SESSION_URL_ENV} to a direct PostgreSQL URL, or to a PgBouncer database in "
            "pool_mode=session: in transaction mode notifications never arrive.",
        )
    return conn


async def prepare_for_async(dsn: str, connect_timeout: int = 5) -> bool:
    """decide_prepare_async on a probe connection to `dsn`; False (the safe choice) when the
    probe cannot connect in auto mode."""
    mode = prepare_mode()
    if mode != "auto":
        return mode == "on"
    try:
        probe = await psycopg.AsyncConnection.connect(dsn, autocommit=True, connect_timeout=connect_timeout)
    except psycopg.Error:
        return False
    try:
        return not await behind_pooler_async(probe)
    except psycopg.Error:
        return False
    finally:
        await probe.close()


def read_dsn(dsn: str | None = None) -> str:
    """Where reading commands go: DATABASE_READ_URL (e.g. a hot standby) when set, else the DSN."""
    return os.environ.get(READ_URL_ENV, "").strip() or resolve_dsn(dsn)
