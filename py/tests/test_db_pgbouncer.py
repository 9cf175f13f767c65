"""The client, the hooks (CLI) and the MCP server through PgBouncer on loopback.

With server-side prepared statements, PgBouncer 1.18 in transaction mode
breaks every call and may run another client's statement.  The client detects
the pooler (pooler.py) and does not prepare behind it; in session mode a pool
larger than PgBouncer's starves with a clear error, and
CLAUDE_GATEWAY_POOL_SIZE sizes it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import anyio
import pytest
from _mcp import ok, server
from conftest import race
from pgbouncer import PgBouncer

import claude_gateway
from claude_gateway import errors, pooler

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bouncer_tx(dsn: str) -> Iterator[PgBouncer]:
    """Transaction mode, two server connections: calls of many clients interleave on them."""
    with PgBouncer(dsn, pool_mode="transaction", pool_size=2) as b:
        yield b


def _people(gw: Any, tag: str) -> tuple[UUID, UUID]:
    """Two identities with active sessions in project `tag`; returns their session ids."""
    a = gw.register_identity(identity_name=f"{tag}-a", platform="test", role_description="sender")
    b = gw.register_identity(identity_name=f"{tag}-b", platform="test", role_description="reader")
    return (gw.start_session(identity_id=a, project_name=tag),
            gw.start_session(identity_id=b, project_name=tag))


def _message_status(gw: Any, message_id: UUID) -> str:
    with gw.connection() as conn:
        row = conn.execute("SELECT status FROM claude.messages WHERE message_id = %s",
                           (message_id,)).fetchone()
    return str(row[0])


def test_the_pooler_is_detected_and_a_direct_connection_is_not(dsn: str, bouncer_tx: PgBouncer,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pooler.PREPARE_ENV, raising=False)
    with claude_gateway.connect(bouncer_tx.url) as gw:
        assert gw.prepare is False
    with claude_gateway.connect(dsn) as gw:
        assert gw.prepare is True
    monkeypatch.setenv(pooler.PREPARE_ENV, "off")
    with claude_gateway.connect(dsn) as gw:
        assert gw.prepare is False
    monkeypatch.setenv(pooler.PREPARE_ENV, "sometimes")
    with pytest.raises(errors.GatewayError, match="auto, on, off"):
        claude_gateway.connect(dsn)


def test_preparing_through_a_transaction_pooler_breaks(bouncer_tx: PgBouncer) -> None:
    """Why the detection exists: two clients preparing on one server connection collide.

    (Forced with prepare="on"; PgBouncer has one server connection here, so
    the second client's `_pg3_0` meets the first one's.)"""
    with PgBouncer(bouncer_tx.dsn, pool_mode="transaction", pool_size=1) as one:
        a = claude_gateway.connect(one.url, max_size=1, prepare="on")
        b = claude_gateway.connect(one.url, max_size=1, prepare="on")
        try:
            a.get_active_identities()
            with pytest.raises(errors.GatewayError, match="_pg3_0"):
                b.get_recent_activity(limit=1)
        finally:
            a.close()
            b.close()


def test_calls_in_a_row_and_from_threads_pass_and_run_the_right_function(bouncer_tx: PgBouncer) -> None:
    tag = f"pgb-{uuid4().hex[:8]}"
    with claude_gateway.connect(bouncer_tx.url, max_size=8) as gw:
        sender, reader = _people(gw, tag)
        # 5 in a row (0/5 before the fix)
        sent = [gw.send_message(from_session_id=sender, to_session_id=reader, subject=f"m{i}", body="x")
                for i in range(5)]
        inbox = gw.get_pending_messages(session_id=reader)
        assert {m.message_id for m in inbox} >= set(sent)
        # mark_message_read and acknowledge_message alternate on shared server connections:
        # each call must run its own function (acknowledged, not merely read).
        for m in sent[:3]:
            gw.mark_message_read(message_id=m, session_id=reader)
            gw.acknowledge_message(message_id=m, session_id=reader)
        gw.mark_message_read(message_id=sent[3], session_id=reader)
        assert [_message_status(gw, m) for m in sent] == \
            ["acknowledged", "acknowledged", "acknowledged", "read", "pending"]

        # 20 calls from 4 threads at once (0/20 before the fix)
        def worker(n: int, go: Callable[[], object]) -> list[UUID]:
            go()
            sent_now = []
            for i in range(5):
                sent_now.append(gw.send_message(from_session_id=sender, to_session_id=reader,
                                                subject=f"t{n}-{i}", body="y"))
                gw.get_recent_activity(project_name=tag, limit=3)
            return sent_now

        assert sum(len(batch) for batch in race(4, worker)) == 20

        # startup and inbox (failed on every run before the fix)
        ident = gw.register_identity(identity_name=f"{tag}-c", platform="test", role_description="new")
        for _ in range(3):
            bundle = gw.session_startup(identity_id=ident, project_name=tag)
            assert bundle["project_name"] == tag
            assert gw.get_pending_messages(session_id=UUID(bundle["session_id"])) == []


def test_the_async_client_through_the_pooler(bouncer_tx: PgBouncer) -> None:
    async def main() -> list[Any]:
        gw = await claude_gateway.connect_async(bouncer_tx.url, max_size=4)
        try:
            assert gw.prepare is False
            return [await gw.get_active_identities() for _ in range(6)]
        finally:
            await gw.close()

    assert len(anyio.run(main)) == 6


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", pooler.PREPARE_ENV, pooler.SESSION_URL_ENV)}
    env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=REPO)


def test_hooks_and_cli_through_the_pooler(bouncer_tx: PgBouncer) -> None:
    tag = f"pgb-{uuid4().hex[:8]}"
    ident = f"{tag}-hook"
    for _ in range(2):  # the SessionStart hook twice (the second ends the first session)
        res = _cli(bouncer_tx.url, "startup", "--identity", ident, "--project", tag, "--format", "json")
        assert res.returncode == 0, res.stdout + res.stderr
        assert json.loads(res.stdout)["project_name"] == tag
    # inbox --follow LISTENs: through a transaction pooler it refuses, naming DATABASE_SESSION_URL.
    res = _cli(bouncer_tx.url, "inbox", "--follow", "--identity", ident)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "LISTEN needs a session connection" in res.stderr and "DATABASE_SESSION_URL" in res.stderr
    assert "Traceback" not in res.stderr
    for args in (("inbox", "--identity", ident, "--json"), ("activity", "--project", tag, "--json"),
                 ("status",), ("end", "--identity", ident, "--project", tag, "--summary", "done")):
        res = _cli(bouncer_tx.url, *args)
        assert res.returncode == 0, f"{args}: {res.stdout}{res.stderr}"
        assert "Traceback" not in res.stderr


def test_mcp_through_the_pooler(bouncer_tx: PgBouncer) -> None:
    tag = f"pgb-{uuid4().hex[:8]}"

    async def main() -> Any:
        async with server(bouncer_tx.url, "--identity", f"{tag}-mcp", "--project", tag) as session:
            first = ok(await session.call_tool("get_active_identities", {}))
            ok(await session.call_tool("log_activity", {
                "source_type": "test", "source_id": str(uuid4()), "actor": "pytest",
                "activity_type": "pgbouncer", "title": "through the pooler", "project_name": tag}))
            feed = ok(await session.call_tool("get_recent_activity", {"project_name": tag, "limit": 5}))
            waited = await session.call_tool("wait_for_messages", {"timeout_seconds": 1})
            return first, feed, waited

    first, feed, waited = anyio.run(main)
    # wait_for_messages LISTENs: without DATABASE_SESSION_URL it refuses the pooled URL, with a hint.
    assert waited.is_error
    assert "LISTEN needs a session connection" in waited.content[0].text
    assert "DATABASE_SESSION_URL" in waited.content[0].text
    assert isinstance(first, list | dict)
    assert any(row["title"] == "through the pooler" for row in feed)


def test_listen_refuses_a_pooled_connection_without_a_session_url(
        dsn: str, bouncer_tx: PgBouncer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pooler.SESSION_URL_ENV, raising=False)
    with pytest.raises(errors.GatewayError, match="LISTEN needs a session connection") as info:
        pooler.listen_connection(bouncer_tx.url)
    assert pooler.SESSION_URL_ENV in (info.value.hint or "")
    # DATABASE_SESSION_URL (here: the direct server) is where LISTEN goes, and it hears NOTIFY.
    monkeypatch.setenv(pooler.SESSION_URL_ENV, dsn)
    with pooler.listen_connection(bouncer_tx.url) as listener:
        listener.execute("LISTEN cgw_pgbouncer_test")
        with claude_gateway.connect(bouncer_tx.url) as gw, gw.connection() as conn:
            conn.execute("SELECT pg_notify('cgw_pgbouncer_test', 'hello')")
        got = [n.payload for n in listener.notifies(timeout=10, stop_after=1)]
    assert got == ["hello"]


# -- session mode ---------------------------------------------------------------------------
def _hold_connections(gw: Any, threads: int) -> list[Exception | None]:
    """`threads` threads each hold a transaction (a pooled connection) until all have
    tried; returns each thread's error (None when it got a server connection)."""

    def worker(_n: int, go: Callable[[], object]) -> Exception | None:
        try:
            with gw.transaction() as tx:
                tx.get_active_identities()
                go()  # hold it until every thread has tried
                return None
        except errors.GatewayError as exc:
            go()
            return exc

    return race(threads, worker)


def test_session_mode_pool_larger_than_pgbouncers_fails_with_a_hint(dsn: str) -> None:
    with PgBouncer(dsn, pool_mode="session", pool_size=2, query_wait_timeout=2) as b, \
            claude_gateway.connect(b.url, max_size=4) as gw:
        results = _hold_connections(gw, 4)
    failed = [r for r in results if r is not None]
    assert len(failed) == 2, results
    for exc in failed:
        assert isinstance(exc, errors.Unavailable), repr(exc)
        assert "query_wait_timeout" in exc.message
        assert "CLAUDE_GATEWAY_POOL_SIZE" in (exc.hint or "")


def test_session_mode_with_the_pool_sized_to_pgbouncer_passes(dsn: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pooler.POOL_SIZE_ENV, "2")
    with PgBouncer(dsn, pool_mode="session", pool_size=2, query_wait_timeout=2) as b, \
            claude_gateway.connect(b.url) as gw:
        assert gw.prepare is False  # detected here too (harmless in session mode)

        def worker(_n: int, go: Callable[[], object]) -> None:
            go()
            for _ in range(5):
                gw.get_active_identities()
                with gw.transaction() as tx:
                    tx.get_recent_activity(limit=1)

        race(4, worker)  # re-raises the first failure
