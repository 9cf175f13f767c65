"""docs/BOUNDS.md at the database, as real LOGIN roles.

Every text, text[] and jsonb argument of every API function is sent past its
bound, alone (every other argument left to its default, or NULL), by a LOGIN
role that is a member of claude_agent (claude_admin for the admin-only
functions): the answer must be 22001 naming that parameter -- the bound is
checked before any other work, so no other rule (a missing id, an unknown
project) may answer first, and no size of input may surface XX000.  A job's
output and error are the exception: they are cut, not refused.

The list of functions and parameters comes from the catalog, so a new API
function is swept as soon as it exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import conninfo, sql
from psycopg.types.json import Jsonb

# Arguments that are cut instead of refused (docs/BOUNDS.md).
CUT = {("update_job_result", "output"), ("update_job_result", "error")}
HUGE_TEXT = "é" * 1_500_000           # 1.5M characters, 3 MB
HUGE_JSON = {"k": "m" * 3_000_000}     # 3 MB of JSON
# `name` arguments are not swept: PostgreSQL cuts a `name` to 63 bytes at the call
# boundary, before any function runs (the type is its bound).
TEXT_TYPES = {"text", "character varying"}

CATALOG = """
SELECT p.proname, p.oid::regprocedure::text,
       has_function_privilege('claude_agent', p.oid, 'EXECUTE') AS agent,
       a.name, format_type(a.type, NULL), a.pos, p.pronargs, p.pronargdefaults
  FROM pg_proc p
  CROSS JOIN LATERAL unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[])
       WITH ORDINALITY AS a(name, type, pos)
 WHERE p.pronamespace = 'claude'::regnamespace
   AND p.proname !~ '^(_|tg_)'
   AND p.prokind = 'f'
   AND (has_function_privilege('claude_agent', p.oid, 'EXECUTE')
        OR has_function_privilege('claude_admin', p.oid, 'EXECUTE'))
 ORDER BY p.proname, a.pos
"""


def _login_role(dsn: str, group: str) -> Iterator[str]:
    name = f"cgw_bounds_{group.removeprefix('claude_')}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(sql.Identifier(name),
                                                                     sql.Identifier(group)))
    try:
        yield conninfo.make_conninfo(dsn, user=name)
    finally:
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def agent_dsn(dsn: str) -> Iterator[str]:
    yield from _login_role(dsn, "claude_agent")


@pytest.fixture(scope="module")
def admin_dsn_login(dsn: str) -> Iterator[str]:
    yield from _login_role(dsn, "claude_admin")


def _catalog(dsn: str) -> dict[str, dict[str, Any]]:
    functions: dict[str, dict[str, Any]] = {}
    with psycopg.connect(dsn) as c:
        for name, sig, agent, arg, typ, pos, nargs, ndefaults in c.execute(CATALOG):
            fn = functions.setdefault(sig, {"name": name, "agent": agent, "args": [],
                                            "required": nargs - ndefaults})
            fn["args"].append((arg, typ, pos))
    return functions


def _cases(dsn: str) -> list[tuple[str, str, str]]:
    out = []
    for sig, fn in _catalog(dsn).items():
        for arg, typ, _ in fn["args"]:
            if typ in TEXT_TYPES or typ in ("jsonb", "json", "text[]", "character varying[]"):
                out.append((sig, arg, typ))
    return out


def _call(conn: psycopg.Connection[Any], fn: dict[str, Any], arg: str, value: Any) -> None:
    """fn(arg => value), every argument without a default passed as NULL."""
    parts = [sql.SQL("{} => {}").format(sql.Identifier(arg), sql.Placeholder("v"))]
    for name, _typ, pos in fn["args"]:
        if name != arg and pos <= fn["required"]:
            parts.append(sql.SQL("{} => NULL").format(sql.Identifier(name)))
    query = sql.SQL("SELECT * FROM claude.{}({})").format(sql.Identifier(fn["name"]),
                                                          sql.SQL(", ").join(parts))
    with conn.transaction(force_rollback=True):
        conn.execute(query, {"v": value}).fetchall()


def _huge(typ: str) -> Any:
    if typ in ("jsonb", "json"):
        return Jsonb(HUGE_JSON)
    if typ.endswith("[]"):
        return [HUGE_TEXT]
    return HUGE_TEXT


def test_every_text_argument_is_bounded_before_any_other_work(
        dsn: str, agent_dsn: str, admin_dsn_login: str) -> None:
    functions = _catalog(dsn)
    cases = _cases(dsn)
    assert len(cases) >= 60, f"the catalog lists only {len(cases)} text/jsonb arguments"
    failures: list[str] = []
    swept = 0
    with psycopg.connect(agent_dsn, autocommit=True) as agent, \
            psycopg.connect(admin_dsn_login, autocommit=True) as admin:
        for sig, arg, typ in cases:
            fn = functions[sig]
            conn = agent if fn["agent"] else admin
            try:
                _call(conn, fn, arg, _huge(typ))
            except psycopg.Error as exc:
                state = exc.sqlstate
                message = exc.diag.message_primary or ""
                if (fn["name"], arg) in CUT:
                    if state in ("22001", "XX000", "54000") or state is None:
                        failures.append(f"{sig} {arg}: {state} {message[:120]} (should be cut, not refused)")
                elif state != "22001" or arg not in message:
                    failures.append(f"{sig} {arg}: {state} {message[:160]}")
            else:
                if (fn["name"], arg) not in CUT:
                    failures.append(f"{sig} {arg}: accepted a value past its bound")
            swept += 1
    print(f"bounds sweep: {swept} arguments of {len(functions)} functions, as LOGIN roles")
    assert not failures, "\n".join(failures)


# Lists whose documented number of items is not 100 (docs/BOUNDS.md).
ITEMS = {("acquire_lease", "paths"): 1000, ("check_paths", "paths"): 1000}


def test_lists_are_bounded_by_their_number_of_items(dsn: str, agent_dsn: str) -> None:
    """text[] arguments: one short item past the documented number (101 for most lists) is too
    many (22001 naming the list)."""
    functions = _catalog(dsn)
    lists = [(sig, arg) for sig, arg, typ in _cases(dsn) if typ.endswith("[]")]
    assert lists, "no text[] argument found"
    with psycopg.connect(agent_dsn, autocommit=True) as agent:
        for sig, arg in lists:
            with pytest.raises(psycopg.Error) as info:
                _call(agent, functions[sig], arg, ["x"] * (ITEMS.get((functions[sig]["name"], arg), 100) + 1))
            assert info.value.sqlstate == "22001", (sig, arg, info.value)
            assert arg in (info.value.diag.message_primary or "")


def test_a_140_million_character_subject_is_22001_not_xx000(agent_dsn: str) -> None:
    """The issue's attack: btrim ran before the length check and failed with XX000."""
    with psycopg.connect(agent_dsn, autocommit=True) as agent:
        me = agent.execute("SELECT claude.register_identity(identity_name => %s, platform => 'x', "
                           "role_description => NULL)", (f"bounds-{uuid.uuid4().hex[:8]}",)).fetchone()[0]
        session = agent.execute("SELECT claude.start_session(identity_id => %s, project_name => 'bounds-p')",
                                (me,)).fetchone()[0]
        with pytest.raises(psycopg.Error) as info:
            agent.execute("SELECT claude.send_message(from_session_id => %(s)s, to_session_id => %(s)s, "
                          "subject => %(subject)s, body => 'b')",
                          {"s": session, "subject": "x" * 140_000_000})
        assert info.value.sqlstate == "22001"
        assert "subject" in (info.value.diag.message_primary or "")
        assert len(str(info.value)) < 1000, "the error does not echo the value"
        # multibyte and blank: the regular expressions run only after the bound
        for value in ("\u3000" * 5_000_000, "é" * 5_000_000):
            with pytest.raises(psycopg.Error) as info:
                agent.execute("SELECT claude.send_message(from_session_id => %(s)s, to_session_id => %(s)s, "
                              "subject => 's', body => %(body)s)", {"s": session, "body": value})
            assert info.value.sqlstate == "22001"


@pytest.mark.parametrize("value", ["\t\n", "\u200b", "\u3000", "\ufeff\u2060", "\u2028 \u00a0"])
def test_blank_in_the_unicode_sense_is_required_missing(agent_dsn: str, value: str) -> None:
    """Titles, names and bodies of only white space, control or zero-width characters: 22023."""
    with psycopg.connect(agent_dsn, autocommit=True) as agent:
        me = agent.execute("SELECT claude.register_identity(identity_name => %s, platform => 'x', "
                           "role_description => NULL)", (f"bounds-{uuid.uuid4().hex[:8]}",)).fetchone()[0]
        session = agent.execute("SELECT claude.start_session(identity_id => %s, project_name => 'bounds-p')",
                                (me,)).fetchone()[0]
        calls = [
            ("SELECT claude.register_identity(identity_name => %(v)s, platform => 'x', "
             "role_description => NULL)", {}),
            ("SELECT claude.send_message(from_session_id => %(s)s, to_session_id => %(s)s, subject => %(v)s, "
             "body => 'b')", {"s": session}),
            ("SELECT claude.send_message(from_session_id => %(s)s, to_session_id => %(s)s, subject => 's', "
             "body => %(v)s)", {"s": session}),
            ("SELECT claude.create_reminder(title => %(v)s, check_after => now())", {}),
            ("SELECT claude.record_knowledge(title => %(v)s, description => 'd', "
             "knowledge_type => 'pattern')", {}),
            ("SELECT claude.start_session(identity_id => %(i)s, project_name => %(v)s)", {"i": me}),
        ]
        for query, params in calls:
            with pytest.raises(psycopg.Error) as info:
                agent.execute(query, {**params, "v": value})
            assert info.value.sqlstate == "22023", (query, info.value)


def test_a_name_with_a_zero_width_character_cannot_spoof_another(agent_dsn: str) -> None:
    name = f"bounds-{uuid.uuid4().hex[:8]}"
    with psycopg.connect(agent_dsn, autocommit=True) as agent:
        agent.execute("SELECT claude.register_identity(identity_name => %s, platform => 'x', "
                      "role_description => NULL)", (name,))
        for spoof in (name + "\u200b", "\u202e" + name, name[:3] + "\u200d" + name[3:],
                      name + "\u3000", name + "\x07"):
            with pytest.raises(psycopg.Error) as info:
                agent.execute("SELECT claude.register_identity(identity_name => %s, platform => 'x', "
                              "role_description => NULL)", (spoof,))
            assert info.value.sqlstate == "22023"
            assert "identity_name" in (info.value.diag.message_primary or "")
