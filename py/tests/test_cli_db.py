"""`claude-gateway db ...` and the commands around it: the local cluster (up, down, a taken
port, missing binaries), `db url`/`db env`, DATABASE_URL, `status` of an unreachable database.
(Migrations from empty, roll back all and apply again: test_db_migrations.py.)"""

from __future__ import annotations

import socket
from collections.abc import Callable

import psycopg
import pytest
from _cluster import run_cli

from claude_gateway import localdb


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
