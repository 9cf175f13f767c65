"""Identity from the connection (docs/RULES.md, "Identity from the connection"), through real LOGIN roles.

Every call here connects as a LOGIN role created for the test (member of
claude_agent, claude_admin or claude_overseer), never as the superuser: the
generated client, the CLI (`--identity`, the default identity) and the MCP
server's binding.  The SQL side is covered function by function in
db/tests/identities/act_as/every_function_checks_the_login.sql.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import anyio
import psycopg
import pytest
from _logins import bind, login_factory, role_of
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

import claude_gateway
from claude_gateway import PermissionDenied

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_login(dsn: str) -> Iterator[Callable[..., str]]:
    yield from login_factory(dsn)


def _identity(gw: Any, name: str) -> UUID:
    return gw.register_identity(identity_name=name, platform="claude-code", role_description="test")


@pytest.fixture
def world(dsn: str, make_login: Callable[..., str], unique: Callable[[str], str]) -> dict[str, Any]:
    """Logins a and b bound to identities A and B; an unbound login u; an unbound identity C;
    an admin login; an overseer login bound to identity O.  A, B, C and O have sessions."""
    w: dict[str, Any] = {"project": unique("idl-project")}
    for key, group in (("a", "claude_agent"), ("b", "claude_agent"), ("u", "claude_agent"),
                       ("admin", "claude_admin"), ("o", "claude_overseer")):
        w[f"dsn_{key}"] = make_login(group)
    with claude_gateway.connect(dsn) as gw:
        for key in ("A", "B", "C", "O"):
            w[key] = _identity(gw, unique(f"idl-{key}"))
        for key in ("A", "B", "O"):
            bind(dsn, w[key], w[f"dsn_{key.lower()}"])
    for key in ("A", "B", "C", "O"):
        login = {"A": "dsn_a", "B": "dsn_b", "C": "dsn_u", "O": "dsn_o"}[key]
        with claude_gateway.connect(w[login]) as gw:
            w[f"s{key}"] = gw.start_session(identity_id=w[key], project_name=w["project"])
    return w


def _acts(gw: Any, w: dict[str, Any], who: str, message_to_who: UUID) -> dict[str, Callable[[], Any]]:
    """Every kind of call that acts as identity `who` (its id, its session, as a reader, as a creator)."""
    ident, session = w[who], w[f"s{who}"]
    name = next(r.identity_name for r in gw.get_active_identities() if r.identity_id == ident)
    return {
        "get_pending_messages": lambda: gw.get_pending_messages(session_id=session),
        "send_message": lambda: gw.send_message(from_session_id=session, to_session_id=w["sA"],
                                                subject="s", body="b"),
        "broadcast_to_project": lambda: gw.broadcast_to_project(
            from_session_id=session, project_name=w["project"], subject="s", body="b"),
        "mark_message_read": lambda: gw.mark_message_read(message_id=message_to_who),
        "acknowledge_message": lambda: gw.acknowledge_message(message_id=message_to_who, session_id=session),
        "update_identity_activity": lambda: gw.update_identity_activity(identity_id=ident),
        "record_knowledge": lambda: gw.record_knowledge(title="t", description="d", knowledge_type="pattern",
                                                        learned_by_identity_id=ident),
        # in the test's own project: a due reminder of no project would be due in everyone's
        "create_reminder": lambda: gw.create_reminder(title="t", check_after=datetime.now(UTC),
                                                      created_by=name, project_name=w["project"]),
        "log_activity": lambda: gw.log_activity(source_type="test", source_id=None, actor=name,
                                                activity_type="probe", title="t"),
        "session_startup": lambda: gw.session_startup(identity_id=ident, project_name=w["project"]),
        # the Claude Code hooks' functions act as the session's identity too
        "touch_session": lambda: gw.touch_session(session_id=gw.get_active_session(identity_id=ident)),
        "deliver_new_messages": lambda: gw.deliver_new_messages(
            session_id=gw.get_active_session(identity_id=ident)),
        "session_context": lambda: gw.session_context(session_id=gw.get_active_session(identity_id=ident)),
        "end_session": lambda: gw.end_session(
            session_id=gw.get_active_session(identity_id=ident), summary="done"),
    }


def _message_to(dsn: str, w: dict[str, Any], who: str) -> UUID:
    with claude_gateway.connect(dsn) as gw:  # the owner sends it: any sender will do
        return gw.send_message(from_session_id=w["sC"], to_session_id=w[f"s{who}"], subject="for you",
                               body="b")


def test_a_bound_login_cannot_act_as_another_identity(dsn: str, world: dict[str, Any]) -> None:
    w = world
    with claude_gateway.connect(w["dsn_a"]) as gw:
        assert gw.whoami() == w["A"]
        for target in ("B", "C"):
            for fn, call in _acts(gw, w, target, _message_to(dsn, w, target)).items():
                with pytest.raises(PermissionDenied) as exc:
                    call()
                assert exc.value.sqlstate == "42501", fn
                assert role_of(w["dsn_a"]) in exc.value.message, fn
        # and its own identity works, call by call (end_session last)
        for call in _acts(gw, w, "A", _message_to(dsn, w, "A")).values():
            call()


def test_an_unbound_login_acts_only_for_unbound_identities(dsn: str, world: dict[str, Any]) -> None:
    w = world
    with claude_gateway.connect(w["dsn_u"]) as gw:
        assert gw.whoami() is None
        for fn, call in _acts(gw, w, "B", _message_to(dsn, w, "B")).items():
            with pytest.raises(PermissionDenied):
                call()
                pytest.fail(f"{fn} acted as a bound identity")
        for call in _acts(gw, w, "C", _message_to(dsn, w, "C")).values():
            call()


def test_an_admin_login_acts_for_anyone(dsn: str, world: dict[str, Any]) -> None:
    w = world
    with claude_gateway.connect(w["dsn_admin"]) as gw:
        for call in _acts(gw, w, "B", _message_to(dsn, w, "B")).values():
            call()


def test_from_overseer_is_set_by_the_database_for_overseer_logins_only(dsn: str,
                                                                        world: dict[str, Any]) -> None:
    w = world
    with claude_gateway.connect(w["dsn_o"]) as gw:
        boss = gw.send_message(from_session_id=w["sO"], to_session_id=w["sA"], subject="from the boss",
                               body="b")
    with claude_gateway.connect(w["dsn_b"]) as gw:
        peer = gw.send_message(from_session_id=w["sB"], to_session_id=w["sA"], subject="from a peer",
                               body="b", metadata={"from_overseer": True})
    with claude_gateway.connect(w["dsn_a"]) as gw:
        inbox = {m.message_id: m for m in gw.get_pending_messages(session_id=w["sA"])}
    assert (inbox[boss].from_overseer, inbox[boss].sent_by_login) == (True, role_of(w["dsn_o"]))
    assert (inbox[peer].from_overseer, inbox[peer].sent_by_login) == (False, role_of(w["dsn_b"]))
    with psycopg.connect(dsn) as conn:  # the activity feed records the logins too
        logins = dict(conn.execute(
            "SELECT source_id, caused_by_login FROM claude.activity_feed"
            " WHERE activity_type = 'message_sent' AND source_id = ANY(%s)", ([boss, peer],)).fetchall())
    assert logins == {boss: role_of(w["dsn_o"]), peer: role_of(w["dsn_b"])}


# -- the CLI: --identity and the default identity ----------------------------
@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def go(login_dsn: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
        env.update(DATABASE_URL=login_dsn, XDG_CACHE_HOME=str(tmp_path / "cache"))
        return subprocess.run([sys.executable, "-m", "claude_gateway.cli", *args], capture_output=True,
                              text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    return go


def _name(dsn: str, identity_id: UUID) -> str:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT identity_name FROM claude.identities WHERE identity_id = %s",
                           (identity_id,)).fetchone()
    assert row is not None
    return str(row[0])


def test_cli_identity_defaults_to_the_login_and_cannot_name_another(
        dsn: str, world: dict[str, Any], cli: Callable[..., Any], unique: Callable[[str], str]) -> None:
    w = world
    a_name, b_name = _name(dsn, w["A"]), _name(dsn, w["B"])
    started = cli(w["dsn_a"], "startup", "--project", w["project"], "--format", "json")
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["identity_name"] == a_name, "no --identity: the login's own identity"

    with claude_gateway.connect(w["dsn_o"]) as gw:
        gw.send_message(from_session_id=w["sO"], to_session_id=w["sA"], subject="stop the release",
                        body="now")
    inbox = cli(w["dsn_a"], "inbox")
    assert inbox.returncode == 0 and "the human overseer" in inbox.stdout, inbox.stdout
    startup = cli(w["dsn_a"], "startup", "--project", w["project"], "--format", "text")
    assert "from the human overseer" in startup.stdout, startup.stdout

    for args in (("inbox", "--identity", b_name), ("send", "--identity", b_name, "--to", a_name,
                                                   "--subject", "s", "--body", "b"),
                 ("startup", "--identity", b_name, "--project", w["project"]),
                 ("end", "--identity", b_name, "--summary", "x")):
        res = cli(w["dsn_a"], *args)
        assert res.returncode == 1, (args, res.stdout, res.stderr)
        assert "may not act as" in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)

    stranger = unique("idl-stranger")
    res = cli(w["dsn_a"], "startup", "--identity", stranger, "--project", w["project"])
    assert res.returncode == 1 and "may not act as" in res.stderr, res.stderr
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT count(*) FROM claude.identities WHERE identity_name = %s",
                            (stranger,)).fetchone() == (0,), "a bound login registers no other identity"


# -- the MCP server's binding -------------------------------------------------
def _mcp_send(login_dsn: str, identity: str, to_session: UUID, project: str) -> Any:
    async def main() -> Any:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "claude_gateway.cli", "mcp", "--identity", identity, "--project", project],
            env={"DATABASE_URL": login_dsn}, cwd=REPO)
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await session.call_tool("send_message", {"to_session_id": str(to_session),
                                                            "subject": "via mcp", "body": "b"})
    return anyio.run(main)


def test_mcp_binding_follows_the_login(dsn: str, world: dict[str, Any]) -> None:
    w = world
    own = _mcp_send(w["dsn_a"], _name(dsn, w["A"]), w["sB"], w["project"])
    assert not own.is_error, own.content[0].text
    other = _mcp_send(w["dsn_a"], _name(dsn, w["B"]), w["sB"], w["project"])
    assert other.is_error
    error = json.loads(other.content[0].text)
    assert (error["error"], error["sqlstate"]) == ("PermissionDenied", "42501"), error
