"""Shared pytest fixtures, and the one race harness (`race`, `race_sql`): every
concurrency test lines its workers up with it.

scripts/test.sh runs pytest with DATABASE_URL pointing at a freshly migrated
scratch database and CGW_TEST_ADMIN_URL at the server's `postgres` database
(to create more scratch databases).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from _cluster import free_port, run_cli
from psycopg import conninfo


def one(conn: psycopg.Connection[Any], sql: str, params: Any = None) -> Any:
    """The first column of the one row `sql` returns."""
    row = conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return row[0]


def agent_session(conn: psycopg.Connection[Any], project: str, name: str, platform: str = "pytest",
                  role: str | None = "test") -> tuple[uuid.UUID, uuid.UUID]:
    """Register identity `name` and start its session in `project`, through the API:
    (identity_id, session_id)."""
    identity = one(conn, "SELECT claude.register_identity(identity_name => %s, platform => %s,"
                         " role_description => %s)", (name, platform, role))
    session = one(conn, "SELECT claude.start_session(identity_id => %s, project_name => %s)",
                  (identity, project))
    return identity, session


def wait_for(what: str, predicate: Callable[[], bool], limit: float = 30.0) -> None:
    """Poll until predicate() holds; fail after `limit` seconds (a hang, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """A process exists and is not a zombie (PID 1 in a container may not reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _require(var: str) -> str:
    value = os.environ.get(var)
    if not value:
        pytest.fail(f"{var} is not set: run the tests with scripts/test.sh", pytrace=False)
    return value


@pytest.fixture(scope="session")
def dsn() -> str:
    """DSN of the migrated test database."""
    return _require("DATABASE_URL")


@pytest.fixture(scope="session")
def admin_dsn() -> str:
    return _require("CGW_TEST_ADMIN_URL")


@pytest.fixture
def conn(dsn: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(dsn, autocommit=True) as c:
        yield c


@pytest.fixture
def scratch_db(admin_dsn: str) -> Iterator[Callable[[], str]]:
    """A factory of empty scratch databases on the test server, dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        made.append(f"cgw_scratch_{uuid.uuid4().hex[:12]}")
        return _create_database(admin_dsn, made[-1])

    yield make
    _drop_databases(admin_dsn, made)


def _create_database(admin_dsn: str, name: str) -> str:
    with psycopg.connect(admin_dsn, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return conninfo.make_conninfo(admin_dsn, dbname=name)


def _drop_databases(admin_dsn: str, names: Sequence[str]) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as c:
        for name in names:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def unique() -> Callable[[str], str]:
    """Unique names, so tests sharing the database never collide."""

    def make(prefix: str = "t") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}"

    return make


@pytest.fixture(scope="session")
def sample_api_dsn(admin_dsn: str) -> Iterator[str]:
    """A scratch database, migrated, holding the sample API functions of
    py/tests/codegen_samples.sql (every type mapping, default form and return
    shape), shared by the codegen and client tests; dropped afterwards."""
    from claude_gateway.migrate import migrate

    name = f"cgw_scratch_{uuid.uuid4().hex[:12]}"
    sample_dsn = _create_database(admin_dsn, name)
    try:
        migrate(sample_dsn)
        sql = (Path(__file__).parent / "codegen_samples.sql").read_text()
        with psycopg.connect(sample_dsn) as c:
            c.execute(sql)  # type: ignore[arg-type]
        yield sample_dsn
    finally:
        _drop_databases(admin_dsn, [name])


@pytest.fixture(scope="session")
def sample_api(sample_api_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The module generated from the sample database, imported from a temp dir."""
    import importlib.util

    from claude_gateway import codegen

    module_text, docs_text = codegen.generate(sample_api_dsn)
    folder = tmp_path_factory.mktemp("generated")
    path = folder / "cgw_sample_api.py"
    path.write_text(module_text)
    (folder / "API.md").write_text(docs_text)
    spec = importlib.util.spec_from_file_location("cgw_sample_api", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve string annotations through it
    spec.loader.exec_module(module)
    module.SOURCE = module_text  # type: ignore[attr-defined]
    module.DOCS = docs_text  # type: ignore[attr-defined]
    return module


@pytest.fixture
def throwaway_cluster() -> Iterator[dict[str, str]]:
    """Environment (CLAUDE_GATEWAY_HOME, CLAUDE_GATEWAY_PORT) for a private local cluster in a
    temp dir (the postgres user can reach /tmp), for `_cluster.run_cli`; stopped and removed
    afterwards."""
    home = tempfile.mkdtemp(prefix="cgw-cluster-", dir="/tmp")
    os.chmod(home, 0o755)
    env = {"CLAUDE_GATEWAY_HOME": home, "CLAUDE_GATEWAY_PORT": str(free_port())}
    yield env
    run_cli("db", "down", env=env, check=False)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A DSN whose server accepts connections and never answers (a hung database: libpq
    waits for ever, up to the 30 s connect_timeout the DSN carries)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgresql://nobody@127.0.0.1:{listener.getsockname()[1]}/claude_gateway?connect_timeout=30"
    stop.set()
    thread.join(timeout=5)
    for s in held:
        s.close()
    listener.close()


@pytest.fixture
def login_role(dsn: str) -> Iterator[Callable[..., str]]:
    """A factory of real LOGIN roles, members of the given claude_* group role
    (`login_role("claude_agent")`), returning a DSN that connects as that login;
    dropped afterwards (with what they own).  Privilege tests connect this way:
    a test run as the superuser cannot see a privilege bug."""
    made: list[str] = []

    def make(group: str = "claude_agent") -> str:
        name = f"cgw_login_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(f'CREATE ROLE "{name}" LOGIN')
            c.execute(f'GRANT "{group}" TO "{name}"')
        made.append(name)
        return conninfo.make_conninfo(dsn, user=name)

    yield make
    with psycopg.connect(dsn, autocommit=True) as c:
        for name in made:
            c.execute(f'DROP OWNED BY "{name}"')
            c.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def run(dsn: str, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`claude-gateway ARGS` as a process on the test database, with a cache of its own;
    identity= sets CLAUDE_GATEWAY_IDENTITY, cwd= its working directory."""

    def go(*args: str, identity: str | None = None,
           cwd: str | os.PathLike[str] | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
        env.update(DATABASE_URL=dsn, XDG_CACHE_HOME=str(tmp_path / "cache"))
        if identity:
            env["CLAUDE_GATEWAY_IDENTITY"] = identity
        return subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], capture_output=True,
                              text=True, env=env, stdin=subprocess.DEVNULL, timeout=60, cwd=cwd)

    return go


# -- the race harness ---------------------------------------------------------
T = TypeVar("T")


def race(count: int, work: Callable[[int, Callable[[], object]], T], limit: float = 600) -> list[T]:
    """Run work(i, go) for i in 0..count-1, each in its own thread, at the same moment.

    Each worker prepares (connects, ...) and then calls go(): a barrier releases them all
    together.  Returns the results in order; re-raises the first worker's exception.  A worker
    still running after `limit` seconds fails the test (a hang, not a timing assertion).
    """
    barrier = threading.Barrier(count, timeout=120)  # a hang fails, it does not block the suite
    results: list[Any] = [None] * count
    failures: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(i, barrier.wait)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            failures.append(exc)
            barrier.abort()  # the others must not wait for this one

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + limit
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    hung = [i for i, t in enumerate(threads) if t.is_alive()]
    first = next((f for f in failures if not isinstance(f, threading.BrokenBarrierError)), None)
    if hung:
        failed = f"; first failure: {first or failures[0]!r}" if failures else ""
        pytest.fail(f"race: workers {hung} still running after {limit:.0f} s{failed}")
    if first is not None or failures:
        raise first or failures[0]
    return results


def race_sql(dsn: str, calls: Sequence[tuple[str, Any]]) -> list[str]:
    """Run each (sql, params) on its own connection at the same moment: 'ok' or the
    SQLSTATE of its error, in the order of `calls`."""

    def work(i: int, go: Callable[[], object]) -> str:
        sql, params = calls[i]
        with psycopg.connect(dsn, autocommit=True) as c:
            go()
            try:
                c.execute(sql, params)
            except psycopg.Error as exc:
                return exc.sqlstate or "?"
            return "ok"

    return race(len(calls), work)
