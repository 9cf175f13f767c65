"""The Python door onto the gateway: `connect()` and `connect_async()`.

    import claude_gateway
    with claude_gateway.connect() as gw:             # dsn, else DATABASE_URL, else local
        sid = gw.start_session(identity_id=me, project_name="my-repo")
        with gw.transaction() as tx:                 # several calls, one commit
            tx.acknowledge_message(message_id=m1)
            tx.acknowledge_message(message_id=m2)

Every API method is generated from the catalog (`_generated.py`); this file
only supplies how a call reaches the database (a pool, or the one connection
of a transaction), the error mapping, and the tools that run on the client
(`execute_job`).  A Gateway is safe to share between threads: each call
borrows a connection from the pool.  A transaction's gateway (`tx`) is bound
to one connection and belongs to the thread that opened it.
"""

from __future__ import annotations

import asyncio
import select
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Generic, Self, TypeVar
from uuid import UUID

import psycopg
from psycopg.pq import ExecStatus
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from ._generated import AsyncGatewayAPI, GatewayAPI
from ._runtime import Call
from .errors import GatewayError, Unavailable, from_psycopg
from .localdb import resolve_dsn
from .pooler import PrepareMode, connection_kwargs, decide_prepare, decide_prepare_async, pool_size
from .redact import mask

__all__ = ["AsyncGateway", "Gateway", "connect", "connect_async", "on_connection", "on_connection_async"]

G = TypeVar("G", bound="Gateway")
P = TypeVar("P", ConnectionPool[Any], AsyncConnectionPool[Any])
A = TypeVar("A", bound="AsyncGateway")


# A call that runs reminder conditions (Call.runs_conditions) runs in its own
# transaction (a savepoint inside transaction()) under a statement timeout: the
# smaller of the caller's and the gateway's condition_timeout.  Nothing inside
# the statement can bound a condition, so every door does it here.
_BOUND_CONDITIONS = (
    "SELECT set_config('statement_timeout', CASE WHEN s.setting::bigint = 0 OR s.setting::bigint > %(ms)s"
    " THEN %(ms)s::text ELSE s.setting END, true) FROM pg_settings s WHERE s.name = 'statement_timeout'"
)
DEFAULT_CONDITION_TIMEOUT = 5.0


def _conninfo_text(conninfo: object) -> str:
    """The pool's conninfo when it is a string (a pool may also be given a callable)."""
    return conninfo if isinstance(conninfo, str) else repr(conninfo)


def _condition_ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def _closed_error() -> GatewayError:
    return GatewayError("this gateway is closed (or its transaction is over)")


def _unavailable(dsn: str, exc: Exception) -> Unavailable:
    err = from_psycopg(exc)
    return Unavailable(
        f"cannot connect to the gateway database ({mask(dsn)}): {mask(err.message)}",
        sqlstate=err.sqlstate, detail=err.detail,
        hint=err.hint or "Start the local database with `claude-gateway db up`, "
        "or set DATABASE_URL.",
    )


def _usable(conn: psycopg.Connection[Any] | psycopg.AsyncConnection[Any]) -> bool:
    """Whether an idle pooled connection is still alive, without a round trip.

    An idle connection has nothing to read: when the server restarts or
    pg_terminate_backend ends its backend, the FATAL message (57P01) and the
    end of the stream arrive on the socket while it sits in the pool.  Polling
    the socket (no wait) finds them, so the connection is replaced before a
    call is sent on it instead of failing that call.
    """
    if conn.closed or conn.broken:
        return False
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


def _cursor(conn: Any) -> Any:
    """The connection's own cursor, made once and reused by every call on it.

    A connection serves one call at a time (it is borrowed from the pool, or
    is a transaction's), so one cursor per connection is enough; making a new
    cursor per call was a measurable part of the client's fixed cost.
    """
    cur = getattr(conn, "_cgw_cursor", None)
    if cur is None or cur.closed:
        cur = conn._cgw_cursor = conn.cursor()
    return cur


_TUPLES_OK = ExecStatus.TUPLES_OK


def _has_rows(cur: Any) -> bool:
    """Whether the statement returned rows (what `cur.description is not None` tells, without
    building a Column object per column on every call)."""
    res = cur.pgresult
    return res is not None and res.status == _TUPLES_OK


def _retry_safe(call: Call, values: dict[str, Any], exc: psycopg.Error) -> bool:
    """Whether a call that failed on a dead connection may be sent again once.

    Only when the connection failed (not an SQL error) and the call carries an
    idempotency_key: then a second send returns the first result if the first
    one was committed before its reply was lost.
    """
    if not isinstance(from_psycopg(exc), Unavailable):
        return False
    key = values.get("idempotency_key")
    return isinstance(key, str) and any(a.name == "idempotency_key" for a in call.args)


class _Client(Generic[P]):
    """What the sync and the async client keep alike: a pool, or (inside `transaction()`) the
    one connection its calls share, and the settings of their calls."""

    _pool: Any
    _conn: Any
    dsn: str
    condition_timeout: float
    # Server-side prepared statements: off behind a pooler (see pooler.py).
    prepare: bool

    def __init__(self, pool: P, *,
                 condition_timeout: float = DEFAULT_CONDITION_TIMEOUT, prepare: bool = True) -> None:
        self._setup(pool, None, _conninfo_text(pool.conninfo), condition_timeout, prepare)

    def _setup(self, pool: Any, conn: Any, dsn: str, condition_timeout: float, prepare: bool) -> None:
        self._pool, self._conn, self.dsn = pool, conn, dsn
        self.condition_timeout, self.prepare = condition_timeout, prepare

    @classmethod
    def _bound(cls, conn: Any, dsn: str, condition_timeout: float, prepare: bool = True) -> Self:
        gw = cls.__new__(cls)
        gw._setup(None, conn, dsn, condition_timeout, prepare)
        return gw

    def __repr__(self) -> str:
        where = "transaction" if self._conn is not None else "pool"
        return f"<{type(self).__name__} {where} {self.dsn!r}>"


class Gateway(_Client[ConnectionPool[Any]], GatewayAPI):
    """The sync client: one method per API function, plus `execute_job` and `transaction()`."""

    _pool: ConnectionPool[Any] | None
    _conn: psycopg.Connection[Any] | None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pool (a transaction's gateway only forgets its connection)."""
        if self._pool is not None:
            self._pool.close()
        self._pool = self._conn = None

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        """The transaction's connection, else one borrowed from the pool (autocommit)."""
        if self._conn is not None:
            yield self._conn
        else:
            conn = self._borrow()
            try:
                yield conn
            finally:
                if self._pool is not None:
                    self._pool.putconn(conn)

    def _borrow(self) -> psycopg.Connection[Any]:
        """A usable connection from the pool (the caller returns it with putconn)."""
        pool = self._pool
        if pool is None:
            raise _closed_error()
        # Connections the server closed while they sat idle (a restart, a
        # terminated backend) are dropped and replaced, not used.
        conn = pool.getconn()
        for _ in range(pool.max_size):
            if _usable(conn):
                break
            conn.close()
            pool.putconn(conn)
            conn = pool.getconn()
        return conn  # type: ignore[no-any-return]

    def _call(self, call: Call, values: dict[str, Any]) -> Any:
        query, params = call.render(values)
        for attempt in (1, 2):
            try:
                # The pool is used directly, not through connection(): a context
                # manager per call was a measurable part of the client's fixed cost.
                conn = self._conn if self._conn is not None else self._borrow()
                try:
                    if call.runs_conditions:
                        with conn.transaction():
                            conn.execute(_BOUND_CONDITIONS, {"ms": _condition_ms(self.condition_timeout)})
                            cur = conn.execute(query, params, prepare=self.prepare)
                            rows = cur.fetchall() if _has_rows(cur) else []
                    else:
                        # A bounded set of statement shapes (one per function and set of
                        # given arguments): prepare them at once rather than after
                        # psycopg's default five executions -- unless behind a pooler.
                        cur = _cursor(conn)
                        cur.execute(query, params, prepare=self.prepare)
                        rows = cur.fetchall() if _has_rows(cur) else []
                finally:
                    if conn is not self._conn and self._pool is not None:
                        self._pool.putconn(conn)
                break
            except psycopg.Error as exc:
                if attempt == 1 and self._conn is None and _retry_safe(call, values, exc):
                    continue
                raise from_psycopg(exc) from exc
        return call.result(rows)

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """A gateway whose calls share one connection and commit together.

        Leaving the block normally commits; an exception rolls every call back.
        Nested, it is a savepoint.
        """
        bound: Self | None = None
        try:
            with self.connection() as conn, conn.transaction():
                bound = type(self)._bound(conn, self.dsn, self.condition_timeout, self.prepare)
                yield bound
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc
        finally:
            if bound is not None:
                bound._conn = None

    # -- tools that run on the client ---------------------------------------
    def execute_job(self, job_id: UUID, session_id: UUID | None = None) -> Any:
        """Run a scheduled job's command here: claim it, run it under its timeout, report.

        Delegates to `claude_gateway.runner.execute_job(conn, job_id, session_id)`
        on a pooled autocommit connection (the claim is visible to others at once);
        inside `transaction()` it uses the transaction's connection.
        """
        from .runner import execute_job as run_job

        try:
            with self.connection() as conn:
                return run_job(conn, job_id, session_id)
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc


class AsyncGateway(_Client[AsyncConnectionPool[Any]], AsyncGatewayAPI):
    """The asyncio client: the same methods as Gateway, awaited."""

    _pool: AsyncConnectionPool[Any] | None
    _conn: psycopg.AsyncConnection[Any] | None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        self._pool = self._conn = None

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        if self._conn is not None:
            yield self._conn
        elif self._pool is not None:
            pool = self._pool
            conn = await pool.getconn()
            for _ in range(pool.max_size):
                if _usable(conn):
                    break
                await conn.close()
                await pool.putconn(conn)
                conn = await pool.getconn()
            try:
                yield conn
            finally:
                await pool.putconn(conn)
        else:
            raise _closed_error()

    async def _call(self, call: Call, values: dict[str, Any]) -> Any:
        query, params = call.render(values)
        for attempt in (1, 2):
            try:
                async with self.connection() as conn:
                    if call.runs_conditions:
                        async with conn.transaction():
                            await conn.execute(_BOUND_CONDITIONS,
                                               {"ms": _condition_ms(self.condition_timeout)})
                            cur = await conn.execute(query, params, prepare=self.prepare)
                            rows = await cur.fetchall() if _has_rows(cur) else []
                    else:
                        cur = _cursor(conn)
                        await cur.execute(query, params, prepare=self.prepare)
                        rows = await cur.fetchall() if _has_rows(cur) else []
                break
            except psycopg.Error as exc:
                if attempt == 1 and self._conn is None and _retry_safe(call, values, exc):
                    continue
                raise from_psycopg(exc) from exc
        return call.result(rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Self]:
        """Like Gateway.transaction(): the calls in the block commit together."""
        bound: Self | None = None
        try:
            async with self.connection() as conn, conn.transaction():
                bound = type(self)._bound(conn, self.dsn, self.condition_timeout, self.prepare)
                yield bound
        except psycopg.Error as exc:
            raise from_psycopg(exc) from exc
        finally:
            if bound is not None:
                bound._conn = None

    async def execute_job(self, job_id: UUID, session_id: UUID | None = None) -> Any:
        """Gateway.execute_job in a worker thread, on its own sync connection."""
        return await asyncio.to_thread(_execute_job_sync, self.dsn, job_id, session_id, self.prepare)


def on_connection(conn: psycopg.Connection[Any], *, prepare: bool | None = None,
                  condition_timeout: float = DEFAULT_CONDITION_TIMEOUT) -> Gateway:
    """The generated client on one connection the caller owns (and closes): the runner's, say.

    Its calls run on `conn` as they are (autocommit or inside the caller's
    transaction) and raise the package's exceptions.  `prepare` defaults to the
    connection's own setting: off when it has no prepare_threshold (behind a
    pooler, see pooler.connect).  `conn` must return tuples (psycopg's default
    row factory): the generated methods read their results by position.
    """
    use = conn.prepare_threshold is not None if prepare is None else prepare
    return Gateway._bound(conn, _conninfo_text(conn.info.dsn), condition_timeout, use)


def on_connection_async(conn: psycopg.AsyncConnection[Any], *, prepare: bool | None = None,
                        condition_timeout: float = DEFAULT_CONDITION_TIMEOUT) -> AsyncGateway:
    """on_connection() for an asyncio connection (Mission Control's overseer logins)."""
    use = conn.prepare_threshold is not None if prepare is None else prepare
    return AsyncGateway._bound(conn, _conninfo_text(conn.info.dsn), condition_timeout, use)


def _execute_job_sync(dsn: str, job_id: UUID, session_id: UUID | None, prepare: bool) -> Any:
    from .runner import execute_job as run_job

    try:
        with psycopg.connect(dsn, autocommit=True, **connection_kwargs(prepare)) as conn:
            return run_job(conn, job_id, session_id)
    except psycopg.Error as exc:
        raise from_psycopg(exc) from exc


def connect(
    dsn: str | None = None, *, min_size: int = 1, max_size: int | None = None,
    timeout: float = 30.0, connect_timeout: int = 10,
    condition_timeout: float = DEFAULT_CONDITION_TIMEOUT, prepare: PrepareMode | None = None,
    gateway_class: type[G] = Gateway,  # type: ignore[assignment]
) -> G:
    """A Gateway on `dsn`, else DATABASE_URL, else the local cluster.

    Backed by a psycopg_pool ConnectionPool (`min_size`..`max_size` autocommit
    connections; `max_size`, default 10, is capped by CLAUDE_GATEWAY_POOL_SIZE; a
    call waits up to `timeout` seconds for a free one).  An unreachable database
    raises Unavailable at once rather than at the first call.  `prepare`
    (default CLAUDE_GATEWAY_PREPARE, else auto) decides whether statements are
    prepared on the server: auto turns it off behind a pooler such as PgBouncer.
    `condition_timeout` (seconds) bounds every call that runs reminder conditions
    (check_reminder, process_reminder, process_due_reminders): a condition is an
    agent's SQL, and nothing inside the statement can stop it.
    `gateway_class` may be a subclass of Gateway (extra tools, another generated API).
    """
    dsn = resolve_dsn(dsn)
    max_size = pool_size(10 if max_size is None else max_size)
    try:
        with psycopg.connect(dsn, connect_timeout=connect_timeout, autocommit=True) as probe:
            use_prepare = decide_prepare(probe, prepare)
    except psycopg.Error as exc:
        raise _unavailable(dsn, exc) from exc
    pool: ConnectionPool[Any] = ConnectionPool(
        dsn, min_size=min(min_size, max_size), max_size=max_size, timeout=timeout, open=False,
        kwargs={"autocommit": True, "connect_timeout": connect_timeout,
                **connection_kwargs(use_prepare)},
        name="claude-gateway",
    )
    pool.open()
    return gateway_class(pool, condition_timeout=condition_timeout, prepare=use_prepare)


async def connect_async(
    dsn: str | None = None, *, min_size: int = 1, max_size: int | None = None,
    timeout: float = 30.0, connect_timeout: int = 10,
    condition_timeout: float = DEFAULT_CONDITION_TIMEOUT, prepare: PrepareMode | None = None,
    gateway_class: type[A] = AsyncGateway,  # type: ignore[assignment]
) -> A:
    """An AsyncGateway (AsyncConnectionPool); otherwise like connect()."""
    dsn = resolve_dsn(dsn)
    max_size = pool_size(10 if max_size is None else max_size)
    try:
        probe = await psycopg.AsyncConnection.connect(dsn, connect_timeout=connect_timeout,
                                                      autocommit=True)
        try:
            use_prepare = await decide_prepare_async(probe, prepare)
        finally:
            await probe.close()
    except psycopg.Error as exc:
        raise _unavailable(dsn, exc) from exc
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        dsn, min_size=min(min_size, max_size), max_size=max_size, timeout=timeout, open=False,
        kwargs={"autocommit": True, "connect_timeout": connect_timeout,
                **connection_kwargs(use_prepare)},
        name="claude-gateway-async",
    )
    await pool.open()
    return gateway_class(pool, condition_timeout=condition_timeout, prepare=use_prepare)
