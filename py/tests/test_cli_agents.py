"""The pieces of `claude-gateway agent add` that need no server: the URL it prints, the
.pgpass line it writes, the SCRAM verifier's format.  The commands themselves run against
a password-checking server in test_db_shared_server.py."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg import conninfo

from claude_gateway.agents import login_url, scram_sha_256, write_pgpass


@pytest.mark.parametrize("admin_dsn", [
    "postgresql://postgres:secret@127.0.0.1:5432/claude_gateway?sslmode=verify-full&sslrootcert=/etc/a%20b/ca.crt",
    "postgresql://postgres@/claude_gateway?host=%2Ftmp%2Fcgw%2Frun&port=54334",
    "host=db.example.net port=5433 dbname=cg user=admin password=x sslmode=require connect_timeout=5",
    "postgresql://admin@[::1]:5432/claude_gateway",
])
def test_the_printed_url_names_the_agent_on_the_admins_server(admin_dsn: str) -> None:
    url = login_url(admin_dsn, "builder", "p-_w0rd")
    assert url.startswith("postgresql://builder:p-_w0rd@")
    got, want = conninfo.conninfo_to_dict(url), conninfo.conninfo_to_dict(admin_dsn)
    assert (got["user"], got["password"]) == ("builder", "p-_w0rd")
    want.pop("password", None)
    assert {k: v for k, v in got.items() if k not in ("user", "password")} == \
        {k: v for k, v in want.items() if k != "user"}, "host, port, database and TLS options carry over"
    assert "password" not in conninfo.conninfo_to_dict(login_url(admin_dsn, "builder", None))


def test_pgpass_line_is_private_and_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "pgpass"
    dsn = "postgresql://admin@db.example.net:5433/cg"
    write_pgpass(dsn, "builder", "first", path)
    write_pgpass(dsn, "reviewer", "other", path)
    write_pgpass(dsn, "builder", "second", path)
    assert path.read_text().splitlines() == ["db.example.net:5433:cg:reviewer:other",
                                             "db.example.net:5433:cg:builder:second"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_scram_verifier_has_postgres_format() -> None:
    verifier = scram_sha_256("pw", salt=b"0123456789abcdef")
    head, keys = verifier.split("$", 1)[1].split("$")
    iterations, salt = head.split(":")
    stored, server = keys.split(":")
    assert verifier.startswith("SCRAM-SHA-256$4096:") and iterations == "4096"
    assert base64.b64decode(salt) == b"0123456789abcdef"
    assert len(base64.b64decode(stored)) == len(base64.b64decode(server)) == 32
    assert scram_sha_256("pw") != scram_sha_256("pw"), "a fresh salt each time"


@pytest.mark.parametrize("args", [("status",), ("startup", "--format", "claude-hook"), ("inbox",),
                                  ("demo",), ("db", "status")])
def test_no_door_prints_the_password_of_its_database_url(args: tuple[str, ...], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PGPASSWORD")}
    env.update(DATABASE_URL="postgresql://builder:s3cr3t-pw@127.0.0.1:1/claude_gateway?connect_timeout=2",
               XDG_CACHE_HOME=str(tmp_path))
    res = subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], capture_output=True, text=True,
                         env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert "s3cr3t-pw" not in res.stdout + res.stderr, (args, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
