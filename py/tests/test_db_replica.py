"""A read replica for dashboards: a streaming hot standby on loopback,
made with `pg_basebackup -R` from a throwaway primary.

The reading commands go to DATABASE_READ_URL, every view reads on the standby,
and a write sent there by mistake raises ReadOnly (25006) with a hint.

Marked pg_client_tools: it needs the server version's pg_basebackup, which the
server-only PostgreSQL 18 of scripts/pg18.sh does not ship (.ci/run runs it on 15).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from _cluster import as_postgres, free_port, run_cli

import claude_gateway
from claude_gateway import errors, localdb


@pytest.fixture(scope="module")
def primary_and_standby() -> Iterator[tuple[str, str]]:
    """(primary URL, standby URL): a migrated primary and its streaming standby."""
    homes = [tempfile.mkdtemp(prefix=f"cgw-{role}-", dir="/tmp") for role in ("primary", "standby")]
    envs = [{"CLAUDE_GATEWAY_HOME": h, "CLAUDE_GATEWAY_PORT": str(free_port())} for h in homes]
    for h in homes:
        os.chmod(h, 0o755)
    try:
        run_cli("db", "up", env=envs[0])
        run_cli("migrate", env=envs[0])
        primary = localdb.Cluster(home=Path(homes[0]), port=int(envs[0]["CLAUDE_GATEWAY_PORT"]))
        standby = localdb.Cluster(home=Path(homes[1]), port=int(envs[1]["CLAUDE_GATEWAY_PORT"]))
        db = localdb.LocalDB(standby)
        db._own(standby.home)  # the backup is written as the server's OS user
        basebackup = localdb.find_bindir() / "pg_basebackup"
        res = subprocess.run(as_postgres([
            str(basebackup), "-D", str(standby.datadir), "-R", "-X", "stream", "-c", "fast",
            "-h", str(primary.socket_dir), "-p", str(primary.port), "-U", localdb.SUPERUSER]),
            capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stdout + res.stderr
        assert (standby.datadir / "standby.signal").is_file()
        db.up()  # starts on its own port and socket; the database came with the backup
        with psycopg.connect(standby.url(), autocommit=True) as c:
            assert c.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
        yield primary.url(), standby.url()
    finally:
        for env in reversed(envs):
            run_cli("db", "down", env=env, check=False)
        for h in homes:
            shutil.rmtree(h, ignore_errors=True)


def _caught_up(primary: str, standby: str) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with psycopg.connect(primary, autocommit=True) as p:
        lsn = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]  # type: ignore[index]
    deadline = time.monotonic() + 60
    with psycopg.connect(standby, autocommit=True) as s:
        while not s.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:  # type: ignore[index]
            if time.monotonic() > deadline:
                pytest.fail("the standby did not catch up within 60 s (a hang, not a timing assertion)")
            time.sleep(0.1)


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], capture_output=True,
                          text=True, env=full, timeout=120)


@pytest.mark.pg_client_tools
def test_reading_commands_use_the_read_url(primary_and_standby: tuple[str, str]) -> None:
    primary, standby = primary_and_standby
    with claude_gateway.connect(primary) as gw:
        me = gw.register_identity(identity_name="replica-reader", platform="test", role_description="r")
        sid = gw.start_session(identity_id=me, project_name="replica")
        gw.send_message(from_session_id=sid, to_session_id=sid, subject="on the standby", body="b")
    _caught_up(primary, standby)
    env = {"DATABASE_URL": primary, "DATABASE_READ_URL": standby}
    res = _cli(env, "identities", "--json")
    assert res.returncode == 0, res.stderr
    assert "replica-reader" in {r["identity_name"] for r in json.loads(res.stdout)}
    res = _cli(env, "inbox", "--identity", "replica-reader", "--json")
    assert res.returncode == 0, res.stderr
    assert [m["subject"] for m in json.loads(res.stdout)] == ["on the standby"]
    res = _cli(env, "status", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["dsn"] == standby
    for args in (("activity", "--project", "replica", "--json"), ("jobs", "--json"),
                 ("knowledge", "search", "x", "--json")):
        res = _cli(env, *args)
        assert res.returncode == 0, f"{args}: {res.stderr}"
    # A writing command still goes to the primary (DATABASE_URL).
    res = _cli(env, "send", "--identity", "replica-reader", "--to", "replica-reader",
               "--subject", "written on the primary", "--body", "b")
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.pg_client_tools
def test_every_view_reads_on_the_standby(primary_and_standby: tuple[str, str]) -> None:
    _, standby = primary_and_standby
    with psycopg.connect(standby, autocommit=True) as c:
        views = [r[0] for r in c.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'claude'::regnamespace AND relkind = 'v'"
            " ORDER BY 1")]
        assert views
        for v in views:
            c.execute(f'SELECT * FROM claude."{v}" LIMIT 5').fetchall()  # noqa: S608 - catalog names


@pytest.mark.pg_client_tools
def test_a_write_on_the_standby_raises_read_only_with_a_hint(primary_and_standby: tuple[str, str]) -> None:
    _, standby = primary_and_standby
    with claude_gateway.connect(standby) as gw:
        with pytest.raises(errors.ReadOnly) as info:
            gw.register_identity(identity_name="nope", platform="test", role_description="x")
    assert info.value.sqlstate == "25006"
    assert "primary" in (info.value.hint or "") and "DATABASE_READ_URL" in (info.value.hint or "")
    res = _cli({"DATABASE_URL": standby}, "send", "--identity", "replica-reader", "--to", "replica-reader",
               "--subject", "s", "--body", "b")
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    assert "primary" in res.stderr


def test_read_only_transaction_maps_to_read_only(dsn: str) -> None:
    """The mapping without a standby: a write in a READ ONLY transaction (25006)."""
    with claude_gateway.connect(dsn) as gw, gw.transaction() as tx:
        with tx.connection() as conn:
            conn.execute("SET TRANSACTION READ ONLY")
        with pytest.raises(errors.ReadOnly, match="read-only") as info:
            tx.register_identity(identity_name="ro", platform="test", role_description="x")
        assert "primary" in (info.value.hint or "")


@pytest.mark.pg_client_tools
def test_listen_on_the_standby_is_refused_with_a_hint(primary_and_standby: tuple[str, str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications are not replicated: LISTEN (the web page's live updates, inbox --follow)
    must go to the primary, DATABASE_SESSION_URL."""
    from claude_gateway import pooler

    primary, standby = primary_and_standby
    monkeypatch.delenv(pooler.SESSION_URL_ENV, raising=False)
    with pytest.raises(errors.GatewayError, match="hot standby") as info:
        pooler.listen_connection(standby)
    assert pooler.SESSION_URL_ENV in (info.value.hint or "")
    monkeypatch.setenv(pooler.SESSION_URL_ENV, primary)
    with pooler.listen_connection(standby) as listener:
        assert listener.execute("SELECT pg_is_in_recovery()").fetchone() == (False,)
