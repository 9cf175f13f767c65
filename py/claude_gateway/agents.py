"""`claude-gateway agent ...` and `overseer add`: one PostgreSQL LOGIN role per agent or person.

The rule of docs/RULES.md, "Identity from the connection": an identity bound to a login
(claude.bind_identity) can only be acted as through that login, and the login acts as no other
identity.  These
commands create such logins and bind them:

- `agent add NAME` creates the LOGIN role NAME (member of claude_agent) with a
  generated password, stored as a SCRAM-SHA-256 verifier computed here (the
  password itself never reaches the server, its log or its catalog), registers
  the identity NAME or binds the active one, and prints the DATABASE_URL for
  it: the only place the password is ever printed (`--pgpass` writes it to
  ~/.pgpass instead and prints the URL without it).
- `agent list` shows the logins of claude_agent, claude_admin and
  claude_overseer with their identities; `agent remove NAME` unbinds and
  archives the identity (`--keep-identity`: only unbinds) and drops the login;
  the messages and activity it wrote keep its name (a text column).
- `overseer add NAME` does the same for a person: the login is a member of
  claude_overseer, so the database marks its messages `from_overseer`.

They connect with the admin DSN (DATABASE_URL, else the local cluster's
superuser): creating roles needs CREATEROLE and binding needs claude_admin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import click
import psycopg
from psycopg import conninfo, sql

from .errors import GatewayError, InvalidArgument, NotFound

AGENT_GROUP = "claude_agent"
OVERSEER_GROUP = "claude_overseer"
GROUPS = ("claude_reader", "claude_agent", "claude_admin", "claude_overseer")
_SCRAM_ITERATIONS = 4096
_MAX_ROLE_NAME = 63  # NAMEDATALEN - 1, in bytes


def scram_sha_256(password: str, *, salt: bytes | None = None,
                  iterations: int = _SCRAM_ITERATIONS) -> str:
    """The verifier PostgreSQL stores for a scram-sha-256 password (RFC 5802/7677, as in pg_authid).

    Our passwords are ASCII (secrets.token_urlsafe), so SASLprep leaves them unchanged.
    """
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def login_url(admin_dsn: str, user: str, password: str | None) -> str:
    """A postgresql:// URL for `user` on the admin DSN's server and database (host, port, TLS kept)."""
    params = {k: v for k, v in conninfo.conninfo_to_dict(admin_dsn).items() if v is not None}
    params.pop("user", None)
    params.pop("password", None)
    host = str(params.pop("host", "") or "")
    port = params.pop("port", None)
    dbname = str(params.pop("dbname", "") or "")
    netloc = quote(user, safe="")
    if password:
        netloc += ":" + quote(password, safe="")
    netloc += "@"
    query: dict[str, Any] = {}
    if host and not host.startswith("/") and "," not in host:
        netloc += f"[{host}]" if ":" in host else host
        if port:
            netloc += f":{port}"
    else:
        if host:
            query["host"] = host
        if port:
            query["port"] = port
    query.update(params)
    url = f"postgresql://{netloc}/{quote(dbname, safe='')}"
    if query:
        url += "?" + urlencode(query, quote_via=quote, safe="")
    return url


def write_pgpass(admin_dsn: str, user: str, password: str, path: Path | None = None) -> Path:
    """Add (or replace) the ~/.pgpass line for `user` on the admin DSN's host, port and database."""
    params = conninfo.conninfo_to_dict(admin_dsn)
    path = path or Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")

    def esc(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace(":", "\\:")

    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    dbname = params.get("dbname") or user
    key = ":".join(esc(v) for v in (host, port, dbname, user))
    lines = path.read_text().splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(key + ":")]
    lines.append(f"{key}:{esc(password)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)  # libpq ignores a .pgpass others can read
    return path


def _check_name(name: str) -> None:
    if not name or not name.strip() or len(name.encode()) > _MAX_ROLE_NAME:
        raise InvalidArgument(f"login name {name!r} must be 1 to {_MAX_ROLE_NAME} bytes",
                              sqlstate="22023", hint="Pick a shorter agent name.")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InvalidArgument(f"login name {name!r} contains control characters", sqlstate="22023",
                              hint="Use letters, digits, '-', '_', '.' or '@'.")


@dataclass
class Added:
    login: str
    identity_id: Any
    identity_name: str
    registered: bool
    database_url: str
    pgpass: str | None


def add_login(gw: Any, admin_dsn: str, name: str, *, group: str, platform: str, role: str | None,
              pgpass: bool) -> Added:
    """Create the LOGIN role `name` in `group` and bind the identity `name` to it (registered when new)."""
    from .hooks import find_identity

    _check_name(name)
    password = secrets.token_urlsafe(24)
    with gw.transaction() as tx:
        with tx.connection() as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                raise GatewayError(f"a role called {name!r} already exists", sqlstate="42710",
                                   hint="Pick another name, or remove it first: "
                                        f"claude-gateway agent remove {name}")
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                                 "NOBYPASSRLS PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(scram_sha_256(password)), sql.Identifier(group)))
        identity_id = find_identity(tx, name)
        registered = identity_id is None
        if identity_id is None:
            identity_id = tx.register_identity(identity_name=name, platform=platform, role_description=role)
        tx.bind_identity(identity_id=identity_id, login_role=name)
    pgpass_path = str(write_pgpass(admin_dsn, name, password)) if pgpass else None
    url = login_url(admin_dsn, name, None if pgpass else password)
    return Added(name, identity_id, name, registered, url, pgpass_path)


def logins(gw: Any) -> list[dict[str, Any]]:
    """The LOGIN roles in the gateway's groups, with their kind and bound (active) identity."""
    bound = {r.login_role: r for r in gw.get_active_identities() if r.login_role is not None}
    with gw.connection() as conn:
        rows = conn.execute(
            """
            SELECT r.rolname::text,
                   CASE WHEN pg_has_role(r.oid, 'claude_overseer', 'MEMBER') THEN 'overseer'
                        WHEN pg_has_role(r.oid, 'claude_admin', 'MEMBER') THEN 'admin'
                        WHEN pg_has_role(r.oid, 'claude_agent', 'MEMBER') THEN 'agent'
                        ELSE 'reader' END
              FROM pg_roles r
             WHERE r.rolcanlogin AND NOT r.rolsuper
               AND pg_has_role(r.oid, 'claude_reader', 'MEMBER')
             ORDER BY 1
            """).fetchall()
    out = []
    for login, kind in rows:
        ident = bound.get(login)
        out.append({"login": login, "kind": kind,
                    "identity_name": ident.identity_name if ident else None,
                    "identity_id": ident.identity_id if ident else None})
    return out


def remove_login(gw: Any, name: str, *, keep_identity: bool) -> dict[str, Any]:
    """Unbind (and archive, unless keep_identity) the identity bound to `name`, then drop the login."""
    result: dict[str, Any] = {"login": name, "identity_id": None, "identity": None}
    with gw.connection() as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            raise NotFound(f"there is no login called {name!r}", sqlstate="P0002",
                           hint="`claude-gateway agent list` shows them.")
    ident = next((r for r in gw.get_active_identities() if r.login_role == name), None)
    if ident is not None:
        result["identity_id"], result["identity_name"] = ident.identity_id, ident.identity_name
        gw.bind_identity(identity_id=ident.identity_id, login_role=None)
        result["identity"] = "unbound"
        if not keep_identity:
            session = gw.get_active_session(identity_id=ident.identity_id)
            if session is not None:
                gw.end_session(session_id=session, summary=f"Ended when its login {name} was removed.")
            gw.archive_identity(identity_id=ident.identity_id)
            result["identity"] = "archived"
    with gw.connection() as conn:
        # Its open connections would keep acting (as an unbound login) until they close.
        try:
            with conn.transaction():
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                             " WHERE usename = %s AND pid <> pg_backend_pid()", (name,))
        except psycopg.errors.InsufficientPrivilege:
            result["note"] = "its open connections were not ended (needs pg_signal_backend)"
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
    return result


# ---------------------------------------------------------------------------
# the commands (registered into the main group by cli.py)
# ---------------------------------------------------------------------------
def _run(action: Callable[[Any, str], Any]) -> Any:
    """Run `action(gw, admin_dsn)` on the admin connection; database errors end the command."""
    import claude_gateway

    from .cli import _gateway_error
    from .localdb import resolve_admin_dsn

    dsn = resolve_admin_dsn()
    try:
        with claude_gateway.connect(dsn, min_size=1, max_size=2) as gw:
            return action(gw, dsn)
    except (GatewayError, psycopg.Error) as exc:
        _gateway_error(exc)


def _print_added(added: Added, what: str, as_json: bool) -> None:
    from .output import dumps

    if as_json:
        click.echo(dumps(added.__dict__))
        return
    verb = "registered" if added.registered else "bound"
    click.echo(f"{what} {added.login}: login {added.login}, identity {added.identity_name} "
               f"({added.identity_id}) {verb}")
    if added.pgpass:
        click.echo(f"password written to {added.pgpass}")
    click.echo(f"DATABASE_URL={added.database_url}")
    click.echo(f"(with it set: `claude-gateway startup`, and for Claude Code: claude mcp add claude-gateway "
               f"-e DATABASE_URL=... -- claude-gateway mcp --identity {added.identity_name})", err=True)


@click.group("agent")
def agent_group() -> None:
    """Agents' own database logins: one LOGIN role per agent, bound to its identity (admin)."""


@agent_group.command("add")
@click.argument("name")
@click.option("--platform", default="claude-code", show_default=True, help="Platform of a new identity.")
@click.option("--role", "role_description", default=None, help="role_description of a new identity.")
@click.option("--pgpass", is_flag=True,
              help="Write the password to ~/.pgpass ($PGPASSFILE) and print the URL without it.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def agent_add(name: str, platform: str, role_description: str | None, pgpass: bool, as_json: bool) -> None:
    """Create the login NAME (member of claude_agent, generated SCRAM password), register the identity
    NAME or bind the active one, and print the DATABASE_URL the agent connects with.

    The password appears only in that URL (or in ~/.pgpass with --pgpass).  With that
    DATABASE_URL, `startup`, `send`, `inbox` and `mcp` act as NAME and as nobody else.
    """
    added = _run(lambda gw, dsn: add_login(gw, dsn, name, group=AGENT_GROUP, platform=platform,
                                           role=role_description or "agent with its own login",
                                           pgpass=pgpass))
    _print_added(added, "agent", as_json)


@agent_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def agent_list(as_json: bool) -> None:
    """List the logins of claude_agent, claude_admin, claude_overseer and claude_reader, with identities."""
    from .output import dumps, table

    rows = _run(lambda gw, _dsn: logins(gw))
    if as_json:
        click.echo(dumps(rows))
    else:
        click.echo(table(rows, [("login", "login"), ("kind", "kind"), ("identity_name", "identity"),
                                ("identity_id", "identity id")]))


@agent_group.command("remove")
@click.argument("name")
@click.option("--keep-identity", is_flag=True, help="Only unbind the identity (default: archive it).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def agent_remove(name: str, keep_identity: bool, as_json: bool) -> None:
    """Drop the login NAME: its identity is unbound and archived (its active session ended first);
    the messages and activity it wrote keep its name."""
    from .output import dumps

    result = _run(lambda gw, _dsn: remove_login(gw, name, keep_identity=keep_identity))
    if as_json:
        click.echo(dumps(result))
    elif result["identity"]:
        click.echo(f"login {name} dropped; identity {result['identity_name']} {result['identity']}")
    else:
        click.echo(f"login {name} dropped (it was bound to no active identity)")


@click.group("overseer")
def overseer_group() -> None:
    """Human overseers: people's logins, whose messages the database marks from_overseer (admin)."""


@overseer_group.command("add")
@click.argument("name")
@click.option("--pgpass", is_flag=True,
              help="Write the password to ~/.pgpass ($PGPASSFILE) and print the URL without it.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def overseer_add(name: str, pgpass: bool, as_json: bool) -> None:
    """Create the login NAME for a person (member of claude_overseer, generated SCRAM password),
    bound to the identity NAME (platform human), and print the DATABASE_URL."""
    added = _run(lambda gw, dsn: add_login(gw, dsn, name, group=OVERSEER_GROUP, platform="human",
                                           role="human overseer", pgpass=pgpass))
    _print_added(added, "overseer", as_json)
