"""Clients that come back by themselves.

A long-lived process (the MCP server, an app) keeps a pool of connections.
When the server restarts or terminates their backends while they sit idle,
the next call on each of them used to fail with an unmapped 57P01; now the
pool's connections are checked before use (no round trip) and replaced, and
an outage that still reaches a call is mapped to Unavailable.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from conftest import race
from psycopg import conninfo

import claude_gateway
from claude_gateway.errors import GatewayError, Unavailable, class_for


@pytest.mark.parametrize("code", ["57P01", "57P02", "57P03", "08006", "08001"])
def test_operator_intervention_and_connection_errors_are_unavailable(code: str) -> None:
    assert class_for(code) is Unavailable


def test_a_statement_timeout_is_not_an_outage() -> None:
    assert class_for("57014") is GatewayError


def _named(dsn: str) -> tuple[str, str]:
    """A unique application_name and the DSN that connects with it (to find its backends)."""
    app = f"cgw-recovery-{uuid.uuid4().hex[:8]}"
    return app, conninfo.make_conninfo(dsn, application_name=app)


def _terminate(conn: psycopg.Connection, app: str) -> int:
    """Terminate the backends of `app` and wait until they are gone (as after a restart)."""
    rows = conn.execute(
        "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE application_name = %s"
        " AND pid <> pg_backend_pid()", (app,)).fetchall()
    return sum(1 for r in rows if r[0])


def _hold_all(gw: Any, n: int) -> None:
    """Open n pooled connections at once (each thread holds one while the others start)."""

    def hold(_i: int, go: Callable[[], object]) -> None:
        with gw.connection() as c:
            c.execute("SELECT 1")
            go()

    race(n, hold)


def test_every_pooled_connection_terminated_while_idle_fails_no_call(
    dsn: str, conn: psycopg.Connection
) -> None:
    app, url = _named(dsn)
    with claude_gateway.connect(url, min_size=4, max_size=4) as gw:
        _hold_all(gw, 4)
        assert _terminate(conn, app) == 4, "four idle pooled connections were terminated"
        # Every one of the next calls would have met a dead connection.
        results = [gw.get_active_identities() for _ in range(12)]
        assert all(isinstance(r, list) for r in results)
        # And from threads at once.
        _terminate(conn, app)

        def call(_i: int, go: Callable[[], object]) -> Any:
            go()
            return gw.get_active_identities()  # an error is re-raised by race

        assert all(isinstance(r, list) for r in race(8, call))


def test_a_connection_terminated_during_a_transaction_is_unavailable(
    dsn: str, conn: psycopg.Connection
) -> None:
    app, url = _named(dsn)
    with claude_gateway.connect(url, min_size=1, max_size=2) as gw:
        with pytest.raises(Unavailable) as info, gw.transaction() as tx:
            tx.get_active_identities()
            _terminate(conn, app)
            tx.get_active_identities()
        assert info.value.sqlstate in ("57P01", None)
        assert isinstance(gw.get_active_identities(), list), "the gateway works on afterwards"


async def _async_case(dsn: str, conn: psycopg.Connection) -> None:
    app, url = _named(dsn)
    gw = await claude_gateway.connect_async(url, min_size=2, max_size=2)
    try:
        await gw.get_active_identities()
        _terminate(conn, app)
        for _ in range(6):
            assert isinstance(await gw.get_active_identities(), list)
    finally:
        await gw.close()


def test_the_async_gateway_replaces_terminated_connections(dsn: str, conn: psycopg.Connection) -> None:
    import asyncio

    asyncio.run(_async_case(dsn, conn))
