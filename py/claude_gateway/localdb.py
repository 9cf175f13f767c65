"""The embedded local database: a project-local PostgreSQL cluster.

`claude-gateway db up` finds the server binaries, initdb's a data directory
(once), starts the server on a short unix-socket path and a loopback port, and
creates the `claude_gateway` database.  It works as a normal user and as root
(the server then runs as the `postgres` OS user, since initdb refuses root).

Every command that touches a database uses `DATABASE_URL` when it is set, and
this local cluster otherwise.  On the local cluster no door uses the
superuser: the hooks, the MCP server and the people commands connect as a
LOGIN role named after the OS user (`db up` creates it, a member of
claude_agent and of nothing more); only `db up`, `migrate` and the admin
commands (`agent`, `overseer`, `codegen`) connect as the superuser
(`claude-gateway db url --admin`).
"""

from __future__ import annotations

import getpass
import glob
import hashlib
import os
import pwd
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

DEFAULT_PORT = 54329
DEFAULT_DBNAME = "claude_gateway"
SUPERUSER = "postgres"
# The group role the local login joins (created by migrate's db/roles.sql).
LOCAL_LOGIN_GROUP = "claude_agent"
# Unix socket paths are limited to ~107 bytes; ".s.PGSQL.NNNNN" takes 15.
_MAX_SOCKET_DIR = 80


# Where server binaries live on Debian/Ubuntu, RHEL and Homebrew (newest first).
_BINDIR_PATTERNS = [
    "/usr/lib/postgresql/*/bin",
    "/usr/pgsql-*/bin",
    "/opt/homebrew/opt/postgresql@*/bin",
    "/usr/local/opt/postgresql@*/bin",
    "/opt/homebrew/bin",
    "/usr/local/bin",
    "/usr/bin",
]


class LocalDBError(RuntimeError):
    """A problem with the local cluster, with a message that says how to fix it."""


def database_url() -> str | None:
    """The DATABASE_URL from the environment, or None when unset or empty."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or None


def _is_root() -> bool:
    return os.geteuid() == 0


def local_login() -> str:
    """The local cluster's login for the doors: the OS user's name (never the superuser's)."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        user = ""
    user = user.strip()
    if not user or user == SUPERUSER:
        return "claude_local"
    return user


def _default_home() -> Path:
    if _is_root():
        # /root is mode 700, so the postgres OS user could not reach it.
        return Path("/var/lib/claude-gateway")
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "claude-gateway"


@dataclass(frozen=True)
class Cluster:
    """Where the local cluster lives and how to reach it."""

    home: Path
    port: int
    dbname: str = DEFAULT_DBNAME

    @classmethod
    def from_env(cls) -> Cluster:
        home = Path(os.environ.get("CLAUDE_GATEWAY_HOME") or _default_home()).absolute()
        port_text = os.environ.get("CLAUDE_GATEWAY_PORT") or str(DEFAULT_PORT)
        try:
            port = int(port_text)
        except ValueError:
            raise LocalDBError(
                f"CLAUDE_GATEWAY_PORT={port_text!r} is not a port number; "
                "set it to an integer between 1024 and 65535"
            ) from None
        return cls(home=home, port=port)

    @property
    def datadir(self) -> Path:
        return self.home / "pgdata"

    @property
    def logfile(self) -> Path:
        return self.home / "postgres.log"

    @property
    def socket_dir(self) -> Path:
        preferred = self.home / "run"
        if len(str(preferred)) <= _MAX_SOCKET_DIR:
            return preferred
        digest = hashlib.sha1(str(self.home).encode()).hexdigest()[:10]
        return Path("/tmp") / f"cgw-{os.geteuid()}-{digest}"

    def url(self, dbname: str | None = None, *, admin: bool = False) -> str:
        """The DSN of the doors' login (`admin`: of the superuser, for db up, migrate and admin commands)."""
        host = quote(str(self.socket_dir), safe="")
        user = quote(SUPERUSER if admin else local_login(), safe="")
        return f"postgresql://{user}@/{dbname or self.dbname}?host={host}&port={self.port}"


def find_bindir() -> Path:
    """Find the PostgreSQL server binaries (initdb, pg_ctl, postgres)."""
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout.strip()
            candidates.append(out)
        except (OSError, subprocess.CalledProcessError):
            pass

    def version_key(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)

    for pattern in _BINDIR_PATTERNS:
        candidates.extend(sorted(glob.glob(pattern), key=version_key, reverse=True))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).parent))
    for cand in candidates:
        path = Path(cand)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    raise LocalDBError(
        "No PostgreSQL server binaries (initdb, pg_ctl) were found.\n"
        "Install them, e.g. `sudo apt-get install postgresql` on Debian/Ubuntu or "
        "`brew install postgresql@16` on macOS, or set PG_BINDIR to their directory, "
        "or set DATABASE_URL to use an existing server."
    )


class LocalDB:
    """Start, stop and inspect the local cluster."""

    def __init__(self, cluster: Cluster | None = None) -> None:
        self.cluster = cluster or Cluster.from_env()

    # -- helpers -----------------------------------------------------------
    def _run_as(self) -> list[str]:
        """Prefix that runs a server command as the cluster's OS user."""
        if _is_root():
            return ["runuser", "-u", SUPERUSER, "--"]
        return []

    def _run(self, argv: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._run_as() + argv, capture_output=True, text=True, check=check)

    def _own(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        if _is_root():
            try:
                pw = pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise LocalDBError(
                    f"Running as root needs an OS user {SUPERUSER!r} to run the server; "
                    "install the postgresql package (it creates that user) or run as a normal user."
                ) from None
            os.chown(path, pw.pw_uid, pw.pw_gid)
        os.chmod(path, 0o700)

    def initialized(self) -> bool:
        return (self.cluster.datadir / "PG_VERSION").is_file()

    def running(self) -> bool:
        if not self.initialized():
            return False
        bindir = find_bindir()
        res = self._run([str(bindir / "pg_ctl"), "status", "-D", str(self.cluster.datadir)], check=False)
        return res.returncode == 0

    # -- commands ------------------------------------------------------------
    def init(self) -> bool:
        """initdb the data directory once; returns True if it was created now."""
        if self.initialized():
            return False
        bindir = find_bindir()
        self._own(self.cluster.home)
        self._own(self.cluster.datadir)
        res = self._run(
            [
                str(bindir / "initdb"),
                "-D", str(self.cluster.datadir),
                "-U", SUPERUSER,
                "-A", "trust",
                "-E", "UTF8",
                "--locale=C",
            ],
            check=False,
        )
        if res.returncode != 0:
            raise LocalDBError(f"initdb failed:\n{res.stdout}\n{res.stderr}")
        conf = self.cluster.datadir / "postgresql.conf"
        with conf.open("a") as fh:
            fh.write(
                "\n# claude-gateway local cluster\n"
                "listen_addresses = '127.0.0.1'\n"
                f"port = {self.cluster.port}\n"
                f"unix_socket_directories = '{self.cluster.socket_dir}'\n"
                "timezone = 'UTC'\n"
                "log_timezone = 'UTC'\n"
                "max_connections = 200\n"
            )
        return True

    def up(self) -> str:
        """Initialise if needed, start if stopped, create the database; return its URL."""
        created = self.init()
        self._own(self.cluster.socket_dir)
        if not self.running():
            # The port and socket may have changed since initdb: pass them explicitly.
            bindir = find_bindir()
            if _is_root():
                self.cluster.logfile.touch()
                pw = pwd.getpwnam(SUPERUSER)
                os.chown(self.cluster.logfile, pw.pw_uid, pw.pw_gid)
            opts = f"-p {self.cluster.port} -k {self.cluster.socket_dir}"
            res = self._run(
                [
                    str(bindir / "pg_ctl"), "start", "-w", "-t", "60",
                    "-D", str(self.cluster.datadir),
                    "-l", str(self.cluster.logfile),
                    "-o", opts,
                ],
                check=False,
            )
            if res.returncode != 0:
                tail = ""
                if self.cluster.logfile.exists():
                    tail = "\n".join(self.cluster.logfile.read_text(errors="replace").splitlines()[-15:])
                raise LocalDBError(
                    f"The local PostgreSQL server did not start (port {self.cluster.port}).\n"
                    f"{res.stdout}{res.stderr}\n{tail}\n"
                    "If the port is taken, set CLAUDE_GATEWAY_PORT to a free one."
                )
        self._ensure_database()
        return "created" if created else "running"

    def _ensure_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.cluster.url("postgres", admin=True), autocommit=True) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", (self.cluster.dbname,)
                    ).fetchone()
                    if not exists:
                        conn.execute(f'CREATE DATABASE "{self.cluster.dbname}"')
                    self._ensure_login(conn)
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    @staticmethod
    def _ensure_login(conn: Any) -> None:
        """The doors' LOGIN role (no superuser, CREATEDB, CREATEROLE, ...), member of claude_agent
        once `migrate` has created that role (the CLI's migrate calls ensure_login again)."""
        from psycopg import sql

        login = local_login()
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
        member = conn.execute(
            "SELECT NOT pg_has_role(%s, %s, 'MEMBER') FROM pg_roles WHERE rolname = %s",
            (login, LOCAL_LOGIN_GROUP, LOCAL_LOGIN_GROUP)).fetchone()
        if member and member[0]:
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(LOCAL_LOGIN_GROUP),
                                                          sql.Identifier(login)))

    def ensure_login(self) -> None:
        """Create the doors' login (and its membership in claude_agent, when the role exists)."""
        import psycopg

        with psycopg.connect(self.cluster.url("postgres", admin=True), autocommit=True) as conn:
            self._ensure_login(conn)

    def down(self) -> bool:
        """Stop the server; returns False if it was not running."""
        if not self.running():
            return False
        bindir = find_bindir()
        res = self._run(
            [str(bindir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.cluster.datadir)],
            check=False,
        )
        if res.returncode != 0:
            raise LocalDBError(f"pg_ctl stop failed:\n{res.stdout}{res.stderr}")
        return True

    def status(self) -> dict[str, object]:
        return {
            "home": str(self.cluster.home),
            "datadir": str(self.cluster.datadir),
            "initialized": self.initialized(),
            "running": self.running(),
            "port": self.cluster.port,
            "socket_dir": str(self.cluster.socket_dir),
            "url": self.cluster.url(),
            "login": local_login(),
            "admin_url": self.cluster.url(admin=True),
        }


def resolve_dsn(dsn: str | None = None) -> str:
    """The DSN of the doors: the argument, else DATABASE_URL, else the local cluster's login."""
    if dsn:
        return dsn
    env = database_url()
    if env:
        return env
    return Cluster.from_env().url()


def resolve_admin_dsn(dsn: str | None = None) -> str:
    """The DSN for migrate and the admin commands: the argument, else DATABASE_URL, else the
    local cluster's superuser."""
    if dsn:
        return dsn
    env = database_url()
    if env:
        return env
    return Cluster.from_env().url(admin=True)
