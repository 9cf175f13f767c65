"""A throwaway PgBouncer on loopback for tests (Debian's pgbouncer package).

    with PgBouncer(dsn, pool_mode="transaction", pool_size=2) as bouncer:
        url = bouncer.url        # postgresql://postgres@127.0.0.1:<free port>/cgw

It listens on a free 127.0.0.1 port, forwards database `cgw` to the database of
`dsn` (trust auth on loopback, like the local cluster), and is stopped when
the block ends.  As root it runs as the postgres OS user (PgBouncer refuses root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo


def pgbouncer_binary() -> str:
    for cand in (shutil.which("pgbouncer"), "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"):
        if cand and Path(cand).is_file():
            return cand
    raise AssertionError("pgbouncer is not installed: scripts/setup.sh installs it "
                         "(apt-get install pgbouncer)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgBouncer:
    def __init__(self, dsn: str, *, pool_mode: str, pool_size: int = 2,
                 query_wait_timeout: int = 120, extra: dict[str, Any] | None = None) -> None:
        self.dsn = dsn
        self.pool_mode = pool_mode
        self.pool_size = pool_size
        self.query_wait_timeout = query_wait_timeout
        self.extra = extra or {}
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.dir = Path(tempfile.mkdtemp(prefix="cgw-pgb-"))

    @property
    def url(self) -> str:
        params = conninfo.conninfo_to_dict(self.dsn)
        return f"postgresql://{params.get('user', 'postgres')}@127.0.0.1:{self.port}/cgw"

    def _write_config(self) -> Path:
        params = conninfo.conninfo_to_dict(self.dsn)
        target = " ".join(f"{k}={params[k]}" for k in ("host", "port", "dbname", "user") if params.get(k))
        user = params.get("user", "postgres")
        (self.dir / "users.txt").write_text(f'"{user}" ""\n')
        lines = [
            "[databases]",
            f"cgw = {target}",
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            f"listen_port = {self.port}",
            "unix_socket_dir =",
            "auth_type = trust",
            f"auth_file = {self.dir / 'users.txt'}",
            f"pool_mode = {self.pool_mode}",
            f"default_pool_size = {self.pool_size}",
            f"max_db_connections = {self.pool_size}",
            "max_client_conn = 200",
            f"query_wait_timeout = {self.query_wait_timeout}",
            f"logfile = {self.dir / 'pgbouncer.log'}",
            f"pidfile = {self.dir / 'pgbouncer.pid'}",
            "server_reset_query = DISCARD ALL",
            *(f"{k} = {v}" for k, v in self.extra.items()),
        ]
        conf = self.dir / "pgbouncer.ini"
        conf.write_text("\n".join(lines) + "\n")
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            for path in (self.dir, *self.dir.iterdir()):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        return conf

    def __enter__(self) -> PgBouncer:
        conf = self._write_config()
        argv = [pgbouncer_binary(), str(conf)]
        if os.geteuid() == 0:
            argv[1:1] = ["-u", "postgres"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while True:
            try:
                with psycopg.connect(self.url, connect_timeout=2, autocommit=True) as c:
                    c.execute("SELECT 1", prepare=False)
                return self
            except psycopg.OperationalError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise AssertionError(f"pgbouncer did not start:\n{self.log()}") from None
                time.sleep(0.1)

    def log(self) -> str:
        path = self.dir / "pgbouncer.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
