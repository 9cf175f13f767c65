"""The client: connect, error mapping, transactions, threads, asyncio, execute_job.

Runs the API generated from py/tests/codegen_samples.sql (fixture sample_api).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import types
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from conftest import race
from psycopg import conninfo

import claude_gateway
from claude_gateway import errors
from claude_gateway.client import AsyncGateway, Gateway, connect, connect_async


@pytest.fixture(scope="module")
def gateway_classes(sample_api: Any) -> tuple[type[Gateway], type[AsyncGateway]]:
    class SampleGateway(sample_api.GatewayAPI, Gateway):
        pass

    class AsyncSampleGateway(sample_api.AsyncGatewayAPI, AsyncGateway):
        pass

    return SampleGateway, AsyncSampleGateway


@pytest.fixture(scope="module")
def gw(gateway_classes: Any, sample_api_dsn: str) -> Any:
    with connect(sample_api_dsn, gateway_class=gateway_classes[0], max_size=4) as gateway:
        yield gateway


# -- errors ------------------------------------------------------------------
@pytest.mark.parametrize(("code", "cls"), [
    ("P0002", errors.NotFound),
    ("22023", errors.InvalidArgument),
    ("22001", errors.ValueTooLong),
    ("55000", errors.InvalidState),
    ("23505", errors.AlreadyExists),
    ("23514", errors.GatewayError),
    ("XX000", errors.GatewayError),
])
def test_each_sqlstate_raises_its_exception(gw: Any, code: str, cls: type) -> None:
    with pytest.raises(errors.GatewayError) as info:
        gw.sample_raise(code=code)
    exc = info.value
    assert type(exc) is cls
    assert exc.sqlstate == code
    assert exc.message == f"boom {code}"
    assert exc.detail == f"detail {code}"
    assert exc.hint == f"hint {code}"
    assert exc.constraint_name == f"constraint_{code}"
    assert isinstance(exc.__cause__, psycopg.Error)
    assert f"HINT: hint {code}" in str(exc)


def test_exception_hierarchy() -> None:
    assert issubclass(errors.ValueTooLong, errors.InvalidArgument)
    assert issubclass(errors.InvalidArgument, ValueError)
    assert issubclass(errors.NotFound, LookupError)
    for cls in (errors.NotFound, errors.InvalidArgument, errors.InvalidState,
                errors.AlreadyExists, errors.Unavailable):
        assert issubclass(cls, errors.GatewayError)
    assert claude_gateway.NotFound is errors.NotFound
    assert errors.class_for("08006") is errors.Unavailable


def test_a_real_constraint_keeps_its_name(gw: Any, unique: Any) -> None:
    name = unique("dup")
    gw.sample_add_project(name=name)
    with pytest.raises(errors.AlreadyExists) as info:
        gw.sample_add_project(name=name)
    assert info.value.constraint_name and "project_name" in info.value.constraint_name
    assert info.value.detail and name in info.value.detail


def test_a_database_that_is_down_is_unavailable() -> None:
    with pytest.raises(errors.Unavailable) as info:
        connect("postgresql://nobody@127.0.0.1:1/none", connect_timeout=2)
    assert "db up" in (info.value.hint or "")


# -- connect -----------------------------------------------------------------
def test_connect_uses_database_url(
    sample_api_dsn: str, gateway_classes: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", sample_api_dsn)
    with claude_gateway.connect(gateway_class=gateway_classes[0]) as gateway:
        assert gateway.dsn == sample_api_dsn
        assert gateway.sample_series(n=2) == [1, 2]
    with pytest.raises(errors.GatewayError, match="closed"):
        gateway.sample_series(n=2)


def test_the_default_gateway_has_the_committed_api(sample_api_dsn: str) -> None:
    with claude_gateway.connect(sample_api_dsn) as gateway:
        assert isinstance(gateway, claude_gateway.Gateway)
        assert callable(gateway.execute_job)


def test_importing_the_package_is_lean() -> None:
    code = ("import sys, claude_gateway, claude_gateway.errors; "
            "print([m for m in ('psycopg', 'psycopg_pool', 'claude_gateway.client') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- transactions ------------------------------------------------------------
def test_calls_in_a_transaction_roll_back_together(gw: Any, unique: Any) -> None:
    a, b = unique("tx-a"), unique("tx-b")
    with pytest.raises(RuntimeError), gw.transaction() as tx:
        tx.sample_add_project(name=a)
        tx.sample_add_project(name=b)
        assert tx.sample_find(name=a) is not None  # visible inside
        assert gw.sample_find(name=a) is None      # not outside, yet
        raise RuntimeError("abort")
    assert gw.sample_find(name=a) is None
    assert gw.sample_find(name=b) is None


def test_a_failing_call_rolls_back_the_earlier_ones(gw: Any, unique: Any) -> None:
    a = unique("tx-a")
    with pytest.raises(errors.AlreadyExists), gw.transaction() as tx:
        tx.sample_add_project(name=a)
        tx.sample_add_project(name=a)
    assert gw.sample_find(name=a) is None


def test_calls_in_a_transaction_commit_together(gw: Any, unique: Any) -> None:
    a, b = unique("tx-a"), unique("tx-b")
    with gw.transaction() as tx:
        ida = tx.sample_add_project(name=a)
        idb = tx.sample_add_project(name=b)
    assert (gw.sample_find(name=a), gw.sample_find(name=b)) == (ida, idb)
    with pytest.raises(errors.GatewayError, match="transaction is over"):
        tx.sample_find(name=a)


def test_a_nested_transaction_is_a_savepoint(gw: Any, unique: Any) -> None:
    a, b = unique("tx-a"), unique("tx-b")
    with gw.transaction() as tx:
        tx.sample_add_project(name=a)
        with pytest.raises(errors.AlreadyExists), tx.transaction() as inner:
            inner.sample_add_project(name=b)
            inner.sample_add_project(name=a)
        assert tx.sample_find(name=b) is None
    assert gw.sample_find(name=a) is not None and gw.sample_find(name=b) is None


# -- threads -----------------------------------------------------------------
def test_threads_share_one_gateway(gw: Any, unique: Any) -> None:
    n = 8  # more threads than the pool's 4 connections
    names = [unique("thread") for _ in range(n)]

    def work(i: int, go: Callable[[], object]) -> UUID:
        go()
        added = gw.sample_add_project(name=names[i])
        assert gw.sample_find(name=names[i]) == added
        with gw.transaction() as tx:
            assert tx.sample_series(n=3) == [1, 2, 3]
        return added

    results = dict(zip(names, race(n, work), strict=True))
    assert sorted(results) == sorted(names) and len(set(results.values())) == n


# -- asyncio -----------------------------------------------------------------
def test_async_client(sample_api_dsn: str, gateway_classes: Any, unique: Any,
                      sample_api: Any) -> None:
    a, b = unique("async-a"), unique("async-b")

    async def main() -> None:
        gateway = await connect_async(sample_api_dsn, gateway_class=gateway_classes[1],
                                      max_size=3)
        async with gateway:
            pid = await gateway.sample_add_project(name=a)
            assert isinstance(pid, UUID)
            row = await gateway.sample_project(project_name=a)
            assert isinstance(row, sample_api.ProjectsRow) and row.project_id == pid
            defaults = await gateway.sample_defaults(required="r", a_json=[1])
            assert (defaults["a_int"], defaults["a_json"]) == (50, [1])
            assert await gateway.sample_void(x=1) is None
            with pytest.raises(errors.NotFound) as info:
                await gateway.sample_raise(code="P0002")
            assert info.value.hint == "hint P0002"
            with pytest.raises(RuntimeError):
                async with gateway.transaction() as tx:
                    await tx.sample_add_project(name=b)
                    raise RuntimeError("abort")
            assert await gateway.sample_find(name=b) is None
            results = await asyncio.gather(*[gateway.sample_series(n=k) for k in range(6)])
            assert results == [list(range(1, k + 1)) for k in range(6)]
        with pytest.raises(errors.GatewayError, match="closed"):
            await gateway.sample_find(name=a)

    asyncio.run(main())


def test_async_connect_to_a_database_that_is_down() -> None:
    with pytest.raises(errors.Unavailable):
        asyncio.run(claude_gateway.connect_async("postgresql://nobody@127.0.0.1:1/none",
                                                 connect_timeout=2))


# -- execute_job: the hand-written tool --------------------------------------
def test_execute_job_delegates_to_the_runner(
    gw: Any, sample_api_dsn: str, gateway_classes: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[Any, ...]] = []

    def fake_execute_job(conn: psycopg.Connection, job_id: UUID,
                         session_id: UUID | None = None) -> dict[str, Any]:
        calls.append((conn.execute("SELECT current_database()").fetchone(), job_id, session_id))
        return {"status": "SUCCESS"}

    runner = types.ModuleType("claude_gateway.runner")
    runner.execute_job = fake_execute_job  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claude_gateway.runner", runner)
    job, session = uuid4(), uuid4()
    assert gw.execute_job(job, session) == {"status": "SUCCESS"}
    assert gw.execute_job(job_id=job) == {"status": "SUCCESS"}

    async def run_async() -> Any:
        async with await connect_async(sample_api_dsn,
                                       gateway_class=gateway_classes[1]) as agw:
            return await agw.execute_job(job, session_id=session)

    assert asyncio.run(run_async()) == {"status": "SUCCESS"}
    dbname = conninfo.conninfo_to_dict(sample_api_dsn)["dbname"]
    assert calls == [((dbname,), job, session), ((dbname,), job, None), ((dbname,), job, session)]
