"""The foundation's command line: the local cluster, migrate, DATABASE_URL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from pgcatalog import schema_fingerprint

from claude_gateway import localdb
from claude_gateway import migrate as m

CLI = [sys.executable, "-m", "claude_gateway.cli"]


def run_cli(*args: str, env: dict[str, str] | None = None, check: bool = True):
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full_env.update(env or {})
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, env=full_env, timeout=180)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} exited {res.returncode}:\n{res.stdout}\n{res.stderr}")
    return res


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def throwaway_cluster() -> Iterator[dict[str, str]]:
    """Environment for a private local cluster in a temp dir (the postgres user can reach /tmp)."""
    home = tempfile.mkdtemp(prefix="cgw-cluster-", dir="/tmp")
    os.chmod(home, 0o755)
    env = {"CLAUDE_GATEWAY_HOME": home, "CLAUDE_GATEWAY_PORT": str(free_port())}
    yield env
    run_cli("db", "down", env=env, check=False)
    shutil.rmtree(home, ignore_errors=True)


def test_db_up_is_idempotent_and_down_stops_it(throwaway_cluster: dict[str, str]) -> None:
    first = run_cli("db", "up", env=throwaway_cluster)
    assert "created" in first.stdout
    second = run_cli("db", "up", env=throwaway_cluster)
    assert "running" in second.stdout

    url = run_cli("db", "url", env=throwaway_cluster).stdout.strip()
    assert f"port={throwaway_cluster['CLAUDE_GATEWAY_PORT']}" in url
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == ("claude_gateway",)
        assert conn.execute("SHOW timezone").fetchone() == ("UTC",)

    assert "stopped" in run_cli("db", "down", env=throwaway_cluster).stdout
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=3).close()
    assert "not running" in run_cli("db", "down", env=throwaway_cluster).stdout

    # Up again after down: same data directory, starts without initdb.
    assert "running" in run_cli("db", "up", env=throwaway_cluster).stdout


def test_db_up_reports_a_taken_port(throwaway_cluster: dict[str, str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        env = dict(throwaway_cluster, CLAUDE_GATEWAY_PORT=str(s.getsockname()[1]))
        res = run_cli("db", "up", env=env, check=False)
    assert res.returncode != 0
    assert "CLAUDE_GATEWAY_PORT" in res.stderr


def test_missing_server_binaries_give_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PG_BINDIR", raising=False)
    monkeypatch.setattr(localdb.shutil, "which", lambda _name: None)
    monkeypatch.setattr(localdb, "_BINDIR_PATTERNS", ["/nonexistent/*/bin"])
    with pytest.raises(localdb.LocalDBError, match="apt-get install postgresql"):
        localdb.find_bindir()


def catalog(dsn: str) -> str:
    """The claude schema: every object from the catalog (any server version), plus
    pg_dump's view of it where the server's bin directory has a pg_dump (not the
    server-only PostgreSQL 18 of scripts/pg18.sh), minus ownership noise."""
    text = schema_fingerprint(dsn)
    pg_dump = localdb.find_bindir() / "pg_dump"
    if not pg_dump.is_file():
        return text
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    args = [str(pg_dump), "--schema-only", "--no-owner", "-n", "claude"]
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
                     ("dbname", "PGDATABASE"), ("password", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout
    # pg_dump >= 15.14 brackets its output with a random \restrict key.
    skip = ("--", "\\restrict", "\\unrestrict")
    return text + "\n" + "\n".join(line for line in out.splitlines() if not line.startswith(skip))


def test_migrate_twice_is_a_no_op(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    first = run_cli("migrate", env={"DATABASE_URL": dsn})
    assert "applied 0 migration" not in first.stdout
    before = catalog(dsn)
    second = run_cli("migrate", env={"DATABASE_URL": dsn})
    assert "applied 0 migration(s)" in second.stdout
    assert catalog(dsn) == before


def test_rollback_all_then_apply_again(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    before = catalog(dsn)
    ids = m.rollback(dsn, all_=True)
    assert ids, "every migration is rolled back"
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regnamespace('claude')").fetchone() == (None,)
    m.migrate(dsn)
    assert catalog(dsn) == before


def test_fresh_install_and_upgrade_from_first_migration_match(scratch_db: Callable[[], str]) -> None:
    fresh, upgraded = scratch_db(), scratch_db()
    m.migrate(fresh)
    assert m.apply_first(upgraded, 1) == [m.applied_migrations(fresh)[0]]
    m.migrate(upgraded)
    assert catalog(upgraded) == catalog(fresh)


def test_database_url_is_honoured(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    dbname = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
    assert run_cli("db", "url", env={"DATABASE_URL": dsn}).stdout.strip() == dsn
    assert "DATABASE_URL is set" in run_cli("db", "up", env={"DATABASE_URL": dsn}).stdout
    run_cli("migrate", env={"DATABASE_URL": dsn})
    status = run_cli("status", env={"DATABASE_URL": dsn})
    assert dbname in status.stdout
    assert "0001_schema" in status.stdout
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT to_regclass('claude.sessions')").fetchone() == ("claude.sessions",)


def test_status_explains_an_unreachable_database() -> None:
    res = run_cli("status", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}, check=False)
    assert res.returncode == 1
    assert "db up" in res.stderr


def test_db_env_exports_for_psql(dsn: str) -> None:
    out = run_cli("db", "env", env={"DATABASE_URL": dsn}).stdout
    assert "export PGDATABASE=" in out
    assert "export PGPORT=" in out


def test_repo_layout_is_found() -> None:
    assert (m.db_dir() / "migrations" / "0001_schema.sql").is_file()
    assert Path(m.db_dir()).name == "db"
