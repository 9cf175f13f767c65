"""A shared server as the README sets it up, on a throwaway loopback cluster.

`claude-gateway db up` makes a private cluster; the test then switches its
pg_hba.conf to password logins (`scram-sha-256` over TCP for everyone, the
superuser on its unix socket only), migrates it, and uses only the CLI and
the client as the README says: `agent add` twice, `overseer add`, a reader
login for dashboards.  Every agent call goes over TCP with the printed
DATABASE_URL.  What each login can and cannot do is printed as a table (it
goes into the issue's closing note) and asserted.

It also checks the local cluster's defaults: `db url` hands out a LOGIN role
that is no superuser (member of claude_agent only), `db url --admin` the
superuser.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import psycopg
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from psycopg import conninfo

import claude_gateway
from claude_gateway import PermissionDenied
from claude_gateway.agents import scram_sha_256

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "claude_gateway.cli"]

HBA = """\
# claude-gateway shared-server test: the owner on its socket, password logins over TCP
local   all   postgres                 trust
host    all   all        127.0.0.1/32  scram-sha-256
host    all   all        ::1/128       scram-sha-256
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CLAUDE_GATEWAY_IDENTITY")}
    full.update(env)
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, env=full, timeout=180,
                         stdin=subprocess.DEVNULL)
    if check:
        assert res.returncode == 0, f"{args}: {res.stdout}\n{res.stderr}"
    return res


def printed_url(res: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in res.stdout.splitlines() if line.startswith("DATABASE_URL=")]
    assert len(lines) == 1, res.stdout
    return lines[0].removeprefix("DATABASE_URL=")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    home = tempfile.mkdtemp(prefix="cgw-shared-", dir="/tmp")
    os.chmod(home, 0o755)
    local = {"CLAUDE_GATEWAY_HOME": home, "CLAUDE_GATEWAY_PORT": str(free_port()),
             "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    try:
        cli(local, "db", "up")
        cli(local, "migrate")  # the local cluster's way: roles, schema, the doors' login in claude_agent
        info: dict[str, Any] = {"local": local, "login_url": cli(local, "db", "url").stdout.strip(),
                                "superuser_url": cli(local, "db", "url", "--admin").stdout.strip()}
        # The owner gets a password for TCP; then pg_hba.conf as the README says.
        owner_password = "owner-" + os.urandom(8).hex()
        with psycopg.connect(info["superuser_url"], autocommit=True) as conn:
            conn.execute(f"ALTER ROLE postgres PASSWORD '{scram_sha_256(owner_password)}'")  # noqa: S608
            hba = Path(conn.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
            hba.write_text(HBA)
            if os.geteuid() == 0:
                pw = pwd.getpwnam("postgres")
                os.chown(hba, pw.pw_uid, pw.pw_gid)
            conn.execute("SELECT pg_reload_conf()")
            errors = conn.execute("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL").fetchone()
            assert errors == (0,)
        info["admin"] = {**local, "DATABASE_URL": (
            f"postgresql://postgres:{owner_password}@127.0.0.1:{local['CLAUDE_GATEWAY_PORT']}/claude_gateway")}
        cli(info["admin"], "migrate")
        yield info
    finally:
        cli(local, "db", "down", check=False)
        shutil.rmtree(home, ignore_errors=True)


def test_the_local_cluster_hands_out_a_login_that_is_no_superuser(server: dict[str, Any]) -> None:
    login = conninfo.conninfo_to_dict(server["login_url"])
    assert login["user"] != "postgres"
    admin = conninfo.conninfo_to_dict(server["superuser_url"])
    assert admin["user"] == "postgres"
    with psycopg.connect(server["superuser_url"]) as conn:
        row = conn.execute(
            "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, r.rolcanlogin,"
            "       array(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            "              WHERE m.member = r.oid ORDER BY 1)"
            "  FROM pg_roles r WHERE r.rolname = %s", (login["user"],)).fetchone()
    assert row == (False, False, False, False, True, ["claude_agent"])


def _agent(gw: Any) -> tuple[Any, Any]:
    me = gw.whoami()
    return me, gw.get_active_session(identity_id=me)


def mcp_call(url: str, identity: str, tool: str, arguments: dict[str, Any]) -> Any:
    async def main() -> Any:
        params = StdioServerParameters(command=sys.executable,
                                       args=["-m", "claude_gateway.cli", "mcp", "--identity", identity,
                                             "--project", "shared"],
                                       env={"DATABASE_URL": url}, cwd=REPO)
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool(tool, arguments)
    return anyio.run(main)


def test_two_agents_an_overseer_and_a_reader_on_a_scram_server(
        server: dict[str, Any], unique: Callable[[str], str]) -> None:
    admin = server["admin"]
    alice, bob, boss = unique("alice").replace("-", "_"), unique("bob").replace("-", "_"), unique("boss")
    urls = {name: printed_url(cli(admin, *args)) for name, args in (
        (alice, ("agent", "add", alice, "--role", "writes code")),
        (bob, ("agent", "add", bob)),
        (boss, ("overseer", "add", boss)))}
    reader_password = os.urandom(12).hex()
    with psycopg.connect(admin["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f"CREATE ROLE shared_dashboard LOGIN PASSWORD '{scram_sha_256(reader_password)}'"  # noqa: S608
                     " IN ROLE claude_reader")
        methods = {r[0] for r in conn.execute(
            "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host'")}
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (alice,)).fetchone()
    assert methods == {"scram-sha-256"}
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$"), "a SCRAM verifier, not a password"
    port = admin["CLAUDE_GATEWAY_PORT"]
    reader_url = f"postgresql://shared_dashboard:{reader_password}@127.0.0.1:{port}/claude_gateway"
    for url in urls.values():
        assert conninfo.conninfo_to_dict(url)["host"] == "127.0.0.1", "the printed URL goes over TCP"

    env = {name: {**server["local"], "DATABASE_URL": url} for name, url in urls.items()}
    table: list[tuple[str, str, str]] = []

    def can(who: str, what: str, ok: bool) -> None:
        table.append((who, what, "yes" if ok else "no"))

    # Passwords are required and checked.
    no_password = re.sub(r"://([^:]+):[^@]+@", r"://\1@", urls[alice])
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(no_password, connect_timeout=5).close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(re.sub(r"://([^:]+):[^@]+@", r"://\1:wrong@", urls[alice]), connect_timeout=5).close()
    can(alice, "connect without its password", False)

    # Each starts its session with its own URL, no --identity needed.
    for name in (alice, bob, boss):
        started = json.loads(cli(env[name], "startup", "--project", "shared", "--format", "json").stdout)
        assert started["identity_name"] == name
    can(alice, "startup as itself (no --identity)", True)

    sent = json.loads(cli(env[alice], "send", "--to", bob, "--subject", "review", "--body", "PR 12",
                          "--json").stdout)
    cli(env[boss], "send", "--to", alice, "--subject", "ship it", "--body", "today")
    inbox_bob = json.loads(cli(env[bob], "inbox", "--json").stdout)
    assert [(m["message_id"], m["sent_by_login"], m["from_overseer"]) for m in inbox_bob] == [
        (sent["message_id"], alice, False)]
    can(alice, "send as itself; bob's inbox shows sent_by_login", True)
    inbox_alice = cli(env[alice], "inbox")
    assert "the human overseer " + boss in inbox_alice.stdout, inbox_alice.stdout
    can(boss, "send a message marked from the human overseer", True)

    # Impersonation fails, whatever the door.
    for args in (("inbox", "--identity", bob), ("send", "--identity", bob, "--to", alice, "--subject", "x",
                                                "--body", "y"), ("end", "--identity", bob, "--summary", "x")):
        res = cli(env[alice], *args, check=False)
        assert res.returncode == 1 and "may not act as" in res.stderr and "Traceback" not in res.stderr
    can(alice, "read bob's inbox / send or end as bob (CLI --identity)", False)
    with claude_gateway.connect(urls[alice]) as gw:
        _, alice_session = _agent(gw)
        bob_id = next(r.identity_id for r in gw.get_active_identities() if r.identity_name == bob)
        bob_session = gw.get_active_session(identity_id=bob_id)
        for call in (lambda: gw.get_pending_messages(session_id=bob_session),
                     lambda: gw.send_message(from_session_id=bob_session, to_session_id=alice_session,
                                             subject="forged", body="b"),
                     lambda: gw.acknowledge_message(message_id=sent["message_id"]),
                     lambda: gw.session_startup(identity_id=bob_id, project_name="shared")):
            with pytest.raises(PermissionDenied):
                call()
        gw.send_message(from_session_id=alice_session, to_session_id=bob_session, subject="not the boss",
                        body="b", metadata={"from_overseer": True})
    can(alice, "act as bob through the API (42501)", False)
    with claude_gateway.connect(urls[bob]) as gw:
        _, bob_session = _agent(gw)
        forged = [m for m in gw.get_pending_messages(session_id=bob_session) if m.subject == "not the boss"]
    assert [m.from_overseer for m in forged] == [False]
    can(alice, "mark its message from_overseer", False)

    # MCP with the agent's URL: bound to itself it works; bound to another it is refused.
    own = mcp_call(urls[alice], alice, "get_pending_messages", {})
    assert not own.is_error, own.content[0].text
    rows = json.loads(own.content[0].text)
    rows = rows["result"] if isinstance(rows, dict) else rows  # a page of rows, or the rows
    assert any(m["from_overseer"] for m in rows), "MCP rows show from_overseer"
    can(alice, "MCP bound to itself (mcp --identity alice)", True)
    other = mcp_call(urls[alice], bob, "get_pending_messages", {})
    assert other.is_error and json.loads(other.content[0].text)["sqlstate"] == "42501"
    can(alice, "MCP bound to bob (mcp --identity bob): every call 42501", False)

    # The dashboard reads the views, nothing else.
    with psycopg.connect(reader_url, autocommit=True) as conn:
        seen = conn.execute("SELECT count(*) FROM claude.inbox WHERE from_overseer").fetchone()
        assert seen is not None and seen[0] >= 1
        for denied in ("SELECT count(*) FROM claude.messages",
                       "SELECT claude.whoami()",
                       "SELECT * FROM claude.get_pending_messages(project_name => 'shared')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(denied)
    can("shared_dashboard (reader)", "SELECT the views (inbox with from_overseer)", True)
    can("shared_dashboard (reader)", "read a table or call a function", False)

    # An agent cannot create logins or bind identities.
    with claude_gateway.connect(urls[alice]) as gw, pytest.raises(PermissionDenied):
        gw.bind_identity(identity_id=bob_id, login_role=alice)
    can(alice, "bind_identity", False)

    listed = {r["login"]: r for r in json.loads(cli(admin, "agent", "list", "--json").stdout)}
    assert {(listed[n]["kind"], listed[n]["identity_name"]) for n in (alice, bob, boss)} == {
        ("agent", alice), ("agent", bob), ("overseer", boss)}
    assert listed["shared_dashboard"]["kind"] == "reader"

    # Removing bob: login dropped, identity archived, what he wrote keeps his login's name.
    cli(env[bob], "send", "--to", alice, "--subject", "bye", "--body", "leaving")
    removed = json.loads(cli(admin, "agent", "remove", bob, "--json").stdout)
    assert removed["identity"] == "archived"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(urls[bob], connect_timeout=5).close()
    with psycopg.connect(admin["DATABASE_URL"]) as conn:
        kept = conn.execute("SELECT count(*) FROM claude.messages WHERE sent_by_login = %s",
                            (bob,)).fetchone()
        status = conn.execute("SELECT status, login_role FROM claude.identities WHERE identity_name = %s",
                              (bob,)).fetchone()
    assert kept == (1,) and status == ("archived", None)
    can("admin", "agent remove bob (messages keep sent_by_login)", True)

    width = max(len(w) for w, _, _ in table)
    print("\n[shared server] scram-sha-256 over TCP; who can do what:")
    for who, what, answer in table:
        print(f"  {who:<{width}}  {answer:<3}  {what}")


def test_pgpass_keeps_the_password_out_of_the_url(server: dict[str, Any], tmp_path: Path,
                                                  unique: Callable[[str], str]) -> None:
    pgpass = tmp_path / "pgpass"
    dave = unique("dave")
    env = {**server["admin"], "PGPASSFILE": str(pgpass)}
    res = cli(env, "agent", "add", dave, "--pgpass")
    url = printed_url(res)
    assert "password" not in conninfo.conninfo_to_dict(url), "no password in the printed URL"
    assert oct(pgpass.stat().st_mode & 0o777) == "0o600"
    line = pgpass.read_text().splitlines()[-1]
    assert line.startswith(f"127.0.0.1:{server['local']['CLAUDE_GATEWAY_PORT']}:claude_gateway:{dave}:")
    assert line.split(":")[-1] not in res.stdout + res.stderr, "the password is printed nowhere"
    with psycopg.connect(url, passfile=str(pgpass)) as conn:  # libpq reads the password from the file
        assert conn.execute("SELECT current_user").fetchone() == (dave,)
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(url, passfile=str(tmp_path / "none"), connect_timeout=5).close()


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def test_agents_on_other_machines_use_tls_with_verify_full(
        server: dict[str, Any], tmp_path: Path, unique: Callable[[str], str]) -> None:
    """hostssl + scram-sha-256: a URL with sslmode=verify-full and the CA connects; without TLS,
    or against a certificate from another CA, the client refuses before sending its password."""
    for name in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
                "-out", f"{name}.crt", "-days", "2", "-subj", f"/CN=claude-gateway test {name}", cwd=tmp_path)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=localhost", cwd=tmp_path)
    (tmp_path / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=tmp_path)

    with psycopg.connect(server["superuser_url"], autocommit=True) as conn:
        datadir = Path(conn.execute("SHOW data_directory").fetchone()[0])  # type: ignore[index]
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
        for name in ("server.crt", "server.key"):
            target = datadir / name
            shutil.copy(tmp_path / name, target)
            os.chmod(target, 0o600)
            if os.geteuid() == 0:
                pw = pwd.getpwnam("postgres")
                os.chown(target, pw.pw_uid, pw.pw_gid)
        saved = hba.read_text()
        hba.write_text(HBA.replace("host    all   all", "hostssl all   all"))
        conn.execute("ALTER SYSTEM SET ssl = on")
        conn.execute("SELECT pg_reload_conf()")
    try:
        tls = f"sslmode=verify-full&sslrootcert={quote(str(tmp_path / 'ca.crt'), safe='')}"
        admin_url = server["admin"]["DATABASE_URL"].replace("@127.0.0.1:", "@localhost:") + "?" + tls
        admin = {**server["admin"], "DATABASE_URL": admin_url}
        carol = unique("carol")
        url = printed_url(cli(admin, "agent", "add", carol))
        params = conninfo.conninfo_to_dict(url)
        assert (params["host"], params["sslmode"]) == ("localhost", "verify-full"), "the URL keeps TLS"
        started = cli({**server["local"], "DATABASE_URL": url}, "startup", "--project", "tls",
                      "--format", "json")
        assert json.loads(started.stdout)["identity_name"] == carol
        with psycopg.connect(url) as conn:
            tls_on = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
            assert tls_on == (True,)
        with pytest.raises(psycopg.OperationalError, match="no encryption|SSL off"):
            psycopg.connect(conninfo.make_conninfo(url, sslmode="disable"), connect_timeout=5).close()
        with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
            psycopg.connect(conninfo.make_conninfo(url, sslrootcert=str(tmp_path / "other-ca.crt")),
                            connect_timeout=5).close()
        print(f"\n[shared server, TLS] {carol}: verify-full with the CA connects (ssl in pg_stat_ssl); "
              "sslmode=disable refused by hostssl; another CA refused by the client")
    finally:
        with psycopg.connect(server["superuser_url"], autocommit=True) as conn:
            hba.write_text(saved)
            conn.execute("ALTER SYSTEM RESET ssl")
            conn.execute("SELECT pg_reload_conf()")
