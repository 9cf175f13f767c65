"""Hostile input: a hypothesis sweep over every API function of the generated client.

Every method of the generated `GatewayAPI` (plus `execute_job`, with safe jobs
only) is called with values drawn per parameter from its annotation: NULLs,
empty, blank and huge texts, control characters (NUL included), unicode, SQL
fragments, valid and wrong enum values, random and existing ids (of every
kind), negative, zero and out-of-range numbers, extreme timestamps and
intervals, malformed cron, nested and huge JSON, arrays with NULL elements.

Only the contract's SQLSTATEs may come back (P0002, 22023, 55000, 23505,
22001), plus boundary errors: errors Postgres (or psycopg) raises while
turning the arguments into the parameter types, before the function runs --
NUL in a text (psycopg refuses it client-side), an integer out of the int4
range (22003), an interval or timestamp literal out of range, \\u0000 in JSON.
A boundary error is recognised by re-running the same casts alone
(`SELECT %(x)s::integer, ...`) with the same values: it must fail the same way.
Anything else (XX000, 42601, 42883, 22P02, 23514, 23502, 23503, 22008, ...)
means a function did not validate its input, and fails the test.

Every call is made as a real LOGIN role, never the superuser (a superuser
cannot see a privilege bug, such as an API function calling a private helper
its callers may not execute): an agent login (member of claude_agent) for the
agent tools, an admin login (claude_admin) for the admin-only ones; a reader
login (claude_reader) is refused every function with 42501.

The sweep runs in its own freshly migrated database (maintenance calls such as
end_abandoned_sessions(idle_for => 0) act on every row), which afterwards must
still satisfy every CHECK and foreign key, one active session per identity and
one RUNNING run per job.

Seed: HYPOTHESIS_SEED, else random; it is printed with the number of calls.
"""

from __future__ import annotations

import os
import random
import typing
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from psycopg import conninfo

import claude_gateway
from claude_gateway import GatewayError
from claude_gateway._generated import GatewayAPI
from claude_gateway._runtime import Call
from claude_gateway.client import Gateway

SEED = int(os.environ.get("HYPOTHESIS_SEED") or random.randrange(2**32))
EXAMPLES = int(os.environ.get("CGW_HOSTILE_EXAMPLES") or 135)
CONTRACT = {"P0002", "22023", "55000", "23505", "22001"}
STATS: dict[str, int] = {"calls": 0, "boundary": 0, "contract": 0, "ok": 0}
SWEPT: set[str] = set()

# --------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------
HUGE = "x" * 100_000
TEXTS = [
    "", " ", "\t\n", HUGE, "é" * 100_001, "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\r\n\u2028\u2029",
    "ünïcødé ✓ 🚀 \u202emirrored\u202c", "\ufeffbom", "𝔘𝔫𝔦", "'; DROP TABLE claude.sessions; --",
    "$$", "$x$", "%s", "%(x)s", "{}", "[]", "null", "NULL", "\\", "\\'", "O'Brien", '"quoted"',
    "  padded  ", "a" * 99, "a" * 100, "a" * 101, "a" * 200, "a" * 201, "a" * 501,
]
# Enumerated parameters draw their valid values from their Literal type; `status`
# (update_job_result) is plain text in the client.
ENUMS = {"status": ["SUCCESS", "FAILED", "TIMEOUT", "SKIPPED", "RUNNING"]}
WRONG_ENUMS = ["URGENT", "Success", "sql_query ", " info", "pending", "unknown", "broadcast\x01"]
CRON = [
    "* * * * *", "@daily", "@hourly", "@yearly", "@reboot", "@", "0 0 * * *", "*/15 9-17 * * MON-FRI",
    "0 0 31 2 *", "0 0 30 2 *", "61 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
    "*/0 * * * *", "*/99999999999 * * * *", "5-1 * * * *", "1- * * * *", "-1 * * * *", ",,,, *",
    "a b c d e", "* * * *", "* * * * * *", "JAN * * * *", "0 0 * JAN-DEC SUN-SAT", "0 0 1-31/2 * *",
    "99999999999999999999 * * * *", "0 0 L * *", "0 0 ? * *", "1,2,3,,4 * * * *", "*/ * * * *",
]
CONDITIONS = [
    "SELECT true", "SELECT false", "SELECT NULL::boolean", "SELECT 1", "SELECT 1/0 = 1", "SELECT true;",
    "SELECT 1; SELECT 2", "VALUES (true)", "TABLE claude.projects", "WITH x AS (SELECT true) SELECT * FROM x",
    "WITH d AS (DELETE FROM claude.sessions RETURNING 1) SELECT true", "SELECT true, false",
    "SELECT true FROM generate_series(1, 3)", "SELECT count(*) = 0 FROM claude.identities",
    "SELECT pg_sleep(0) IS NULL", "SELECT set_config('transaction_read_only', 'off', true) = 'off'",
    "select (select true)", "(SELECT true)", "DELETE FROM claude.sessions", "claude.identities",
    "claude.activity_feed", "identities", "no_such_table", "pg_catalog.pg_class", "a.b.c", '"Weird ""name"""',
    "/tmp", "/etc/passwd", "relative/path.txt",
]
SEARCH = ['"unterminated', "a & | ! b", "!!!", "foo:*", "-", "or", "(((", "'", "database & & &"]


def _json_leaves() -> st.SearchStrategy[Any]:
    return st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(
        max_size=20
    )


JSON = st.recursive(
    _json_leaves(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _nested(depth: int) -> Any:
    value: Any = {"leaf": True}
    for i in range(depth):
        value = {"k": value} if i % 2 else [value]
    return value


JSON_SPECIAL: list[Any] = [
    None, {}, [], 0, "", "x", True, {"a": None}, {"\x00": 1}, {"a": "\x00"}, {"a": HUGE},
    {str(i): i for i in range(5000)}, _nested(100), float("nan"), float("inf"),
    {"days_since_last_run": -1}, {"days_since_last_run": 0}, {"days_since_last_run": 1e308},
    {"days_since_last_run": "1"}, {"hours_since_last_run": 2**40}, {"hours_since_last_run": None},
    {"days_since_last_run": 1, "hours_since_last_run": 1}, {"weekly": True}, {"days_since_last_run": [1]},
    {"title": None}, {"title": ""}, {"title": HUGE}, {"description": " "}, {"confidence_level": 11},
    {"confidence_level": "7"}, {"confidence_level": 2**40}, {"knowledge_type": "nope"},
    {"knowledge_type": "gotcha", "applies_to_projects": ["p", None]}, {"applies_to_projects": "p"},
    {"applies_to_projects": [1, 2]}, {"applies_to_platforms": None}, {"related_knowledge": ["x"]},
    {"related_knowledge": [None]}, {"times_applied": -5}, {"knowledge_id": str(uuid.uuid4())},
    {"code_example": None}, {"knowledge_category": HUGE}, {"unknown_key": 1},
]
TIMES: list[Any] = [
    None, datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(1970, 1, 1), datetime(2000, 2, 29, 12, tzinfo=UTC), "infinity", "-infinity", "epoch",
    "294276-12-31 23:59:59+00", "4713-01-01 BC",
]
INTERVALS: list[Any] = [
    None, timedelta(0), timedelta(microseconds=1), timedelta(seconds=-1), timedelta(days=-3650),
    timedelta(days=90), timedelta(days=999_999_999), timedelta.max, timedelta.min, "178000000 years",
    "-178000000 years", "1 mon", "P1Y2M",
]
INTS = [
    None, 0, 1, -1, 2, 5, 7, 10, 11, 100, 3650, 100_000, -(2**31), 2**31 - 1, 2**31, -(2**31) - 1,
    3_000_000, 100_000_000, 2**63 - 1, -(2**63), 2**64, 10**30,
]


class Pools:
    """Ids and names that exist in the sweep database, by kind."""

    def __init__(self) -> None:
        self.ids: dict[str, list[uuid.UUID]] = {}
        self.projects: list[str] = []
        self.safe_jobs: list[uuid.UUID] = []

    def add(self, kind: str, value: uuid.UUID) -> None:
        self.ids.setdefault(kind, []).append(value)

    def all_ids(self) -> list[uuid.UUID]:
        return [v for vs in self.ids.values() for v in vs]


ID_KIND = {
    "message_id": "message", "in_reply_to": "message", "session_id": "session", "from_session_id": "session",
    "to_session_id": "session", "identity_id": "identity", "learned_by_identity_id": "identity",
    "created_by_identity_id": "identity", "job_id": "job", "reminder_id": "reminder",
    "knowledge_id": "knowledge", "related_knowledge_id": "knowledge",
}


def _text(name: str, pools: Pools, values: Sequence[str] = ()) -> st.SearchStrategy[Any]:
    options: list[st.SearchStrategy[Any]] = [
        st.sampled_from(TEXTS), st.text(max_size=40), st.sampled_from(WRONG_ENUMS),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    ]
    values = values or ENUMS.get(name, ())
    if values:
        options += [st.sampled_from(values)] * 4
    if "project" in name:
        options += [st.sampled_from(pools.projects)] * 3
    if name in ("expression", "schedule"):
        options += [st.sampled_from(CRON)] * 4
    if name == "check_condition":
        options += [st.sampled_from(CONDITIONS)] * 4
    if name == "search_text":
        options += [st.sampled_from(SEARCH)] * 2
    return st.none() | st.one_of(options)


def _uuid(name: str, pools: Pools, safe_jobs_only: bool = False) -> st.SearchStrategy[Any]:
    if safe_jobs_only:
        return st.none() | st.uuids() | st.sampled_from(pools.safe_jobs)
    own = pools.ids.get(ID_KIND.get(name, ""), []) or pools.all_ids()
    return st.one_of(
        st.none(), st.uuids(), st.just(uuid.UUID(int=0)),
        st.sampled_from(own), st.sampled_from(own), st.sampled_from(pools.all_ids()),
    )


def _strategy(name: str, annotation: Any, pools: Pools) -> st.SearchStrategy[Any]:
    base = typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Union or (
        type(annotation).__name__ == "UnionType") else annotation
    if base is str:
        return _text(name, pools)
    if typing.get_origin(base) is typing.Literal:
        return _text(name, pools, typing.get_args(base))
    if base is uuid.UUID:
        return _uuid(name, pools)
    if base is bool:
        return st.sampled_from([None, True, False])
    if base is int:
        return st.sampled_from(INTS) | st.integers(-1000, 1000)
    if base is datetime:
        return st.sampled_from(TIMES) | st.datetimes(timezones=st.just(UTC))
    if base is timedelta:
        return st.sampled_from(INTERVALS) | st.timedeltas()
    if typing.get_origin(base) is list:
        item = st.none() | st.sampled_from(TEXTS) | st.text(max_size=20)
        return st.none() | st.lists(item, max_size=5) | st.just([HUGE] * 3) | st.just([None])
    if base is Any:
        return st.sampled_from(JSON_SPECIAL) | JSON
    raise AssertionError(f"no strategy for {name}: {annotation!r}")


SANE_JSON = {
    "trigger_condition": [{}, {"days_since_last_run": 1}, {"hours_since_last_run": 6}],
    "updates": [{"title": "renamed"}, {"confidence_level": 7}, {"applies_to_projects": ["hostile-a"]},
                {"description": "better", "code_example": "SELECT 1"}],
}


def _sane(name: str, annotation: Any, pools: Pools) -> st.SearchStrategy[Any]:
    """A plausible value, so that a call gets past its other checks to the hostile one."""
    # `X | None` -> X; a list (`list[str]`) stays a list; a Literal alias samples its values
    if typing.get_origin(annotation) not in (typing.Literal, list) and typing.get_args(annotation):
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    base = annotation
    if base is str:
        if name in ENUMS:
            return st.sampled_from(ENUMS[name])
        if "project" in name:
            return st.sampled_from(pools.projects)
        if name in ("expression", "schedule"):
            return st.sampled_from(["*/5 * * * *", "@daily", "0 9 * * MON-FRI"])
        if name == "check_condition":
            return st.sampled_from(["SELECT true", "SELECT false", "claude.projects", "/tmp"])
        return st.text(alphabet="abcdefghij -", min_size=1, max_size=30).filter(lambda s: s.strip() != "")
    if base is uuid.UUID:
        return st.sampled_from(pools.ids.get(ID_KIND.get(name, ""), []) or pools.all_ids())
    if base is bool:
        return st.booleans()
    if base is int:
        return st.integers(1, 10)
    if base is datetime:
        return st.integers(-30, 30).map(lambda d: datetime.now(UTC) + timedelta(days=d))
    if base is timedelta:
        return st.integers(0, 100).map(lambda d: timedelta(days=d))
    if typing.get_origin(base) is list:
        return st.lists(st.sampled_from(["hostile-a", "lesson", "tests"]), max_size=3)
    if base is Any:
        return st.sampled_from(SANE_JSON.get(name, [{}, {"k": "v"}]))
    raise AssertionError(f"no sane value for {name}: {annotation!r}")


# --------------------------------------------------------------------------
# the API surface
# --------------------------------------------------------------------------
def _api_methods() -> dict[str, list[tuple[str, Any, bool]]]:
    """Method name -> [(parameter, annotation, required)] of every generated API method."""
    import inspect

    methods: dict[str, list[tuple[str, Any, bool]]] = {}
    for name, fn in vars(GatewayAPI).items():
        if name.startswith("_") or not callable(fn):
            continue
        hints = typing.get_type_hints(fn)
        params = list(inspect.signature(fn).parameters.values())[1:]
        methods[name] = [(p.name, hints[p.name], p.default is inspect.Parameter.empty) for p in params]
    return methods


METHODS = _api_methods()
METHODS["execute_job"] = [("job_id", uuid.UUID, True), ("session_id", uuid.UUID | None, False)]


class _Recording(Gateway):
    """The client, remembering the last call it rendered (for the boundary probe)."""

    last: tuple[Call, dict[str, Any]] | None = None

    def _call(self, call: Call, values: dict[str, Any]) -> Any:
        type(self).last = (call, dict(values))
        return super()._call(call, values)


def _probe(conn: psycopg.Connection[Any], call: Call, values: dict[str, Any]) -> str | None:
    """Re-run only the parameter casts of a call; the SQLSTATE they fail with ('' when
    psycopg refused the value client-side, None when the casts pass)."""
    query, params = call.render(values)
    casts = [a.sql.split(" => ", 1)[1] for a in call.args if a.name in params]
    if not casts:
        return None
    try:
        conn.execute("SELECT " + ", ".join(casts), params)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        return exc.sqlstate or ""
    return None


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sweep_dsn(admin_dsn: str) -> Iterator[str]:
    """A database of its own, migrated (the superuser's DSN: for setup and probes only)."""
    from claude_gateway.migrate import migrate

    name = f"cgw_scratch_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        dsn = conninfo.make_conninfo(admin_dsn, dbname=name)
        migrate(dsn)
        yield dsn
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


LIMITS = "-c statement_timeout=20000 -c lock_timeout=5000"  # a hang shows as 57014


@pytest.fixture(scope="module")
def logins(sweep_dsn: str, admin_dsn: str) -> Iterator[dict[str, str]]:
    """Real LOGIN roles, one per claude_* group role: group -> DSN (with the limits)."""
    suffix = uuid.uuid4().hex[:8]
    made = {group: f"cgw_sweep_{group.removeprefix('claude_')}_{suffix}"
            for group in ("claude_agent", "claude_admin", "claude_reader", "claude_overseer")}
    with psycopg.connect(admin_dsn, autocommit=True) as c:
        for group, name in made.items():
            c.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE "{group}"')
    try:
        yield {group: conninfo.make_conninfo(sweep_dsn, user=name, options=LIMITS)
               for group, name in made.items()}
    finally:
        with psycopg.connect(sweep_dsn, autocommit=True) as c:
            for name in made.values():
                c.execute(f'DROP OWNED BY "{name}"')
        with psycopg.connect(admin_dsn, autocommit=True) as c:
            for name in made.values():
                c.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture(scope="module")
def gw(logins: dict[str, str]) -> Iterator[_Recording]:
    """The agent login's client."""
    with claude_gateway.connect(logins["claude_agent"], max_size=2, gateway_class=_Recording) as g:
        yield g


@pytest.fixture(scope="module")
def admin_gw(logins: dict[str, str]) -> Iterator[_Recording]:
    """The admin login's client (admin-only tools, and the pools' setup)."""
    with claude_gateway.connect(logins["claude_admin"], max_size=2, gateway_class=_Recording) as g:
        yield g


@pytest.fixture(scope="module")
def overseer_gw(logins: dict[str, str]) -> Iterator[_Recording]:
    """A human overseer's client (answer_question is theirs alone)."""
    with claude_gateway.connect(logins["claude_overseer"], max_size=2, gateway_class=_Recording) as g:
        yield g


OVERSEER_ONLY = {"answer_question"}


@pytest.fixture(scope="module")
def admin_only(probe_conn: psycopg.Connection[Any]) -> set[str]:
    """API functions claude_agent may not execute (claude_admin may)."""
    rows = probe_conn.execute(
        "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace"
        " AND p.proname !~ '^(_|tg_)' AND NOT has_function_privilege('claude_agent', p.oid, 'EXECUTE')"
    ).fetchall()
    return {r[0] for r in rows}


@pytest.fixture(scope="module")
def probe_conn(sweep_dsn: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(sweep_dsn, autocommit=True) as c:
        yield c


@pytest.fixture(scope="module")
def pools(admin_gw: _Recording) -> Pools:
    """A few real rows of every kind, created through the API (as the admin login)."""
    gw = admin_gw
    p = Pools()
    p.projects = ["hostile-a", "hostile-b"]
    now = datetime.now(UTC)
    for i in range(4):
        ident = gw.register_identity(identity_name=f"hostile-{i}", platform="claude-code",
                                     role_description="sweep")
        p.add("identity", ident)
        p.add("session", gw.start_session(identity_id=ident, project_name=p.projects[i % 2]))
    s = p.ids["session"]
    first = gw.send_message(from_session_id=s[0], to_session_id=s[1], subject="hi", body="there")
    p.add("message", first)
    p.add("message", gw.send_message(from_session_id=s[1], to_session_id=s[0], subject="re", body="ok",
                                     in_reply_to=first))
    p.add("message", gw.broadcast_to_project(from_session_id=s[0], project_name="hostile-a",
                                             subject="all", body="hands"))
    for i, trigger in enumerate(["session_start", "schedule", "on_demand", "session_end"]):
        job = gw.create_scheduled_job(job_name=f"hostile-job-{i}", job_type="maintenance", command="true",
                                      trigger_type=trigger, schedule="*/5 * * * *" if trigger == "schedule"
                                      else None, project_name=p.projects[i % 2], retry_on_failure=i % 2 == 0)
        p.add("job", job)
        p.safe_jobs.append(job)
    gw.claim_job(job_id=p.safe_jobs[0], session_id=s[0])  # one RUNNING job
    for check_type, condition in [("manual", None), ("sql_query", "SELECT true"),
                                  ("sql_query", "SELECT false"), ("table_empty", "claude.projects"),
                                  ("file_exists", "/tmp/nothing-here")]:
        p.add("reminder", gw.create_reminder(title=f"r-{check_type}", check_after=now - timedelta(days=1),
                                             check_type=check_type, check_condition=condition,
                                             project_name="hostile-a"))
    for i in range(3):
        p.add("knowledge", gw.record_knowledge(
            title=f"k{i}", description="postgres search path", knowledge_type="gotcha",
            learned_by_identity_id=p.ids["identity"][0], applies_to_projects=["hostile-a"]))
    return p


# --------------------------------------------------------------------------
# the sweep
# --------------------------------------------------------------------------
def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + f"...<{len(text)} chars>"


@pytest.mark.parametrize("method", sorted(METHODS))
def test_hostile_input(
    method: str, gw: _Recording, admin_gw: _Recording, overseer_gw: _Recording, admin_only: set[str],
    pools: Pools, probe_conn: psycopg.Connection[Any],
) -> None:
    params = METHODS[method]
    if method in OVERSEER_ONLY:
        gw = overseer_gw
    elif method in admin_only:
        gw = admin_gw
    failures: list[str] = []
    strategies: dict[str, st.SearchStrategy[Any]] = {}
    sane: dict[str, st.SearchStrategy[Any]] = {}
    for name, annotation, _required in params:
        if method == "execute_job" and name == "job_id":
            strategies[name] = sane[name] = _uuid(name, pools, safe_jobs_only=True)
        else:
            strategies[name] = _strategy(name, annotation, pools)
            sane[name] = _sane(name, annotation, pools)
    call_method: Callable[..., Any] = getattr(gw, method)

    @seed(SEED)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        kwargs: dict[str, Any] = {}
        # Some calls are hostile in every argument, most in one or two only
        # (the others plausible), so that the hostile value reaches deep checks.
        hostile_rate = data.draw(st.sampled_from([0.15, 0.35, 1.0]), label="hostile rate")
        for name, _annotation, required in params:
            if not required and data.draw(st.integers(0, 3), label=f"omit {name}") == 0:
                continue  # left at DEFAULT: the SQL default applies
            hostile = data.draw(st.floats(0, 1), label=f"hostile {name}") < hostile_rate
            kwargs[name] = data.draw(strategies[name] if hostile else sane[name], label=name)
        STATS["calls"] += 1
        _Recording.last = None
        try:
            call_method(**kwargs)
        except GatewayError as exc:
            if exc.sqlstate in CONTRACT:
                STATS["contract"] += 1
                return
            rendered = _Recording.last
            boundary = _probe(probe_conn, *rendered) if rendered is not None else None
            if boundary is not None and boundary == (exc.sqlstate or ""):
                STATS["boundary"] += 1
                return
            args = ", ".join(f"{k}={_short(v)}" for k, v in kwargs.items())
            failures.append(f"{method}({args}) -> {exc.sqlstate}: {exc.message}")
            return
        STATS["ok"] += 1

    run()
    SWEPT.add(method)
    assert not failures, f"seed {SEED}: {len(failures)} calls of {method} leaked a non-contract error:\n" + (
        "\n".join(sorted(set(failures))[:15]))


# --------------------------------------------------------------------------
# afterwards: the database still satisfies every rule
# --------------------------------------------------------------------------
CONSTRAINTS = """
SELECT c.conrelid::regclass AS rel, c.conname, pg_get_constraintdef(c.oid) AS def
  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
 WHERE n.nspname = 'claude' AND c.contype IN ('c', 'f')
 ORDER BY 1, 2
"""
INVARIANTS = {
    "one active session per identity":
        "SELECT identity_id FROM claude.sessions WHERE session_end IS NULL GROUP BY 1 HAVING count(*) > 1",
    "one RUNNING run per job":
        "SELECT job_id FROM claude.job_run_history WHERE status = 'RUNNING' GROUP BY 1 HAVING count(*) > 1",
    "a RUNNING job has its open run, and an open run its RUNNING job": """
        SELECT j.job_id FROM claude.scheduled_jobs j
         WHERE coalesce(j.last_status = 'RUNNING', false) <> EXISTS (
               SELECT 1 FROM claude.job_run_history h WHERE h.job_id = j.job_id AND h.status = 'RUNNING')""",
    "one active identity per name":
        "SELECT identity_name FROM claude.identities WHERE status = 'active' GROUP BY 1 HAVING count(*) > 1",
    "receipts only for broadcasts": """
        SELECT r.message_id FROM claude.message_receipts r JOIN claude.messages m USING (message_id)
         WHERE m.to_project IS NULL""",
}


def test_database_still_consistent(
    probe_conn: psycopg.Connection[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    broken: list[str] = []
    with probe_conn.transaction(force_rollback=True):
        probe_conn.execute("SET LOCAL statement_timeout = 0")
        for rel, name, definition in probe_conn.execute(CONSTRAINTS).fetchall():
            # A NOT VALID copy of the constraint, then VALIDATE: re-checks every existing row.
            copy = f"recheck_{name}"[:63]
            with probe_conn.transaction():
                try:
                    probe_conn.execute(f'ALTER TABLE {rel} ADD CONSTRAINT "{copy}" {definition} NOT VALID')
                    probe_conn.execute(f'ALTER TABLE {rel} VALIDATE CONSTRAINT "{copy}"')
                except psycopg.Error as exc:
                    broken.append(f"{rel}.{name}: {exc.sqlstate} {exc}")
        for what, query in INVARIANTS.items():
            rows = probe_conn.execute(query).fetchall()  # type: ignore[arg-type]
            if rows:
                broken.append(f"{what}: {rows[:5]}")
    with capsys.disabled():
        print(f"\nhostile input: {STATS['calls']} calls over {len(SWEPT)} functions "
              f"({STATS['ok']} succeeded, {STATS['contract']} contract errors, {STATS['boundary']} boundary "
              f"errors), seed {SEED} (rerun with HYPOTHESIS_SEED={SEED})")
    assert not broken, "\n".join(broken)
    if SWEPT == set(METHODS):  # the whole sweep ran (not a -k selection)
        assert STATS["calls"] >= 5000, f"only {STATS['calls']} calls; CI needs at least 5,000"


def test_checks_count(probe_conn: psycopg.Connection[Any]) -> None:
    """The consistency check is not vacuous: it sees the schema's constraints."""
    rows = probe_conn.execute(CONSTRAINTS).fetchall()
    assert len([r for r in rows if r[2].startswith("CHECK")]) >= 60
    assert len([r for r in rows if r[2].startswith("FOREIGN KEY")]) >= 15



@pytest.mark.parametrize("method", sorted(METHODS))
@seed(SEED)
@settings(max_examples=1, deadline=None, database=None, phases=[Phase.generate])
@given(data=st.data())
def test_a_reader_login_may_call_no_function(method: str, logins: dict[str, str], pools: Pools,
                                             data: st.DataObject) -> None:
    """claude_reader (Mission Control) reads views: every API function but the read-only
    search_knowledge is refused with 42501, before it runs (plausible arguments, so only
    the privilege can fail)."""
    params = METHODS[method]
    kwargs = {name: data.draw(_sane(name, annotation, pools), label=name)
              for name, annotation, required in params if required}
    with claude_gateway.connect(logins["claude_reader"], max_size=1) as reader:
        if method == "search_knowledge":
            getattr(reader, method)(**kwargs)
            return
        with pytest.raises(GatewayError) as err:
            getattr(reader, method)(**kwargs)
    assert err.value.sqlstate == "42501", f"{method}: {err.value.sqlstate} {err.value.message}"


def test_execute_job_without_a_job_id(gw: _Recording) -> None:
    """execute_job(job_id=None) reaches claim_job as NULL (22023), not as the text 'None' (22P02)."""
    with pytest.raises(claude_gateway.InvalidArgument):
        gw.execute_job(job_id=None)  # type: ignore[arg-type]
