"""The generator: what it exposes, type hints, defaults, returns, docs, drift check.

The sample functions live in py/tests/codegen_samples.sql (fixture sample_api_dsn);
`sample_api` is the module generated from them, imported from a temp dir.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from psycopg import conninfo

from claude_gateway import Gateway, codegen
from claude_gateway._runtime import DEFAULT
from claude_gateway.client import connect

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gw(sample_api: Any, sample_api_dsn: str) -> Any:
    class SampleGateway(sample_api.GatewayAPI, Gateway):
        pass

    with connect(sample_api_dsn, gateway_class=SampleGateway, max_size=4) as gateway:
        yield gateway


def params(method: Any) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(method).parameters)


# -- what is API -------------------------------------------------------------
def test_exposes_every_api_function_and_nothing_else(sample_api: Any) -> None:
    every = {n for n, _ in inspect.getmembers(sample_api.GatewayAPI, inspect.isfunction)
             if not n.startswith("_")}
    assert not {n for n in every if n.startswith("tg_")}
    # The scratch database also holds the real API; the samples are the controlled part.
    methods = {n for n in every if n.startswith("sample")}
    assert methods == {
        "sample_add_project", "sample_defaults", "sample_find", "sample_out", "sample_pair",
        "sample_project", "sample_projects", "sample_raise", "sample_record",
        "sample_reserved", "sample_series", "sample_types", "sample_variadic",
        "sample_view_rows", "sample_void",
    }  # not _sample_private, tg_*, a trigger function, a procedure, tablefunc's functions
    async_methods = {n for n, _ in inspect.getmembers(sample_api.AsyncGatewayAPI,
                                                      inspect.iscoroutinefunction)
                     if not n.startswith("_")}
    assert async_methods == every


def test_module_header_and_ruff_clean(sample_api: Any) -> None:
    assert sample_api.SOURCE.startswith(codegen.HEADER + "\n")
    res = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--stdin-filename",
         "py/claude_gateway/_generated.py", "-"],
        input=sample_api.SOURCE, text=True, capture_output=True, cwd=REPO,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_generation_is_deterministic(sample_api: Any, sample_api_dsn: str) -> None:
    assert codegen.generate(sample_api_dsn) == (sample_api.SOURCE, sample_api.DOCS)
    # whatever the caller's search_path: type names stay schema-qualified
    with_path = conninfo.make_conninfo(sample_api_dsn, options="-c search_path=claude,public")
    assert codegen.generate(with_path) == (sample_api.SOURCE, sample_api.DOCS)
    assert "%(col)s::claude.sample_color" in sample_api.SOURCE


def test_parameters_are_keyword_only_with_the_sql_names(sample_api: Any) -> None:
    ps = params(sample_api.GatewayAPI.sample_types)
    assert list(ps)[1:] == ["u", "t", "v", "i", "b", "s", "n", "f", "j", "js", "arr", "uarr",
                            "ts", "iv", "d", "dt", "by", "dom", "col"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(ps.values())[1:])
    with pytest.raises(TypeError):
        sample_api.GatewayAPI().sample_void(1)


# -- type hints --------------------------------------------------------------
def test_type_hints_of_parameters(sample_api: Any) -> None:
    hints = {n: p.annotation for n, p in params(sample_api.GatewayAPI.sample_types).items()}
    assert hints == {
        "self": inspect.Parameter.empty, "u": "UUID", "t": "str", "v": "str", "i": "int",
        "b": "int", "s": "int", "n": "Decimal", "f": "bool", "j": "Any", "js": "Any",
        "arr": "list[str]", "uarr": "list[UUID]", "ts": "datetime", "iv": "timedelta",
        "d": "float", "dt": "date", "by": "bytes", "dom": "str", "col": "str",
    }


def test_return_hints(sample_api: Any) -> None:
    api = sample_api.GatewayAPI

    def ret(name: str) -> str:
        return inspect.signature(getattr(api, name)).return_annotation

    assert ret("sample_types") == "list[SampleTypesRow]"       # RETURNS TABLE
    assert ret("sample_projects") == "list[ProjectsRow]"       # SETOF a table
    assert ret("sample_view_rows") == "list[SampleViewRow]"    # SETOF a view
    assert ret("sample_project") == "ProjectsRow | None"       # one table row
    assert ret("sample_pair") == "SamplePairRow | None"        # a composite type
    assert ret("sample_out") == "SampleOutRow | None"          # OUT parameters
    assert ret("sample_series") == "list[int]"                 # SETOF integer
    assert ret("sample_void") == "None"
    assert ret("sample_add_project") == "UUID"
    assert ret("sample_find") == "UUID | None"                 # its comment says NULL
    assert ret("sample_defaults") == "Any"                     # jsonb
    assert ret("sample_record") == "tuple[Any, ...] | None"


def test_row_classes_are_frozen_typed_dataclasses(sample_api: Any) -> None:
    row = sample_api.ProjectsRow
    assert dataclasses.is_dataclass(row)
    assert {f.name: f.type for f in dataclasses.fields(row)} == {
        "project_id": "UUID", "project_name": "str", "project_schema": "str | None",
        "created_at": "datetime",
    }  # NOT NULL columns are not Optional
    inst = row(uuid4(), "p", None, datetime.now())
    with pytest.raises(dataclasses.FrozenInstanceError):
        inst.project_name = "q"  # type: ignore[misc]
    # one class per row type, shared by every function returning it
    assert sample_api.SOURCE.count("class ProjectsRow") == 1


# -- defaults ----------------------------------------------------------------
def test_sql_defaults_become_python_literals_or_the_sentinel(sample_api: Any) -> None:
    ps = params(sample_api.GatewayAPI.sample_defaults)
    assert ps["required"].default is inspect.Parameter.empty
    literal = {n: ps[n].default for n in ("a_null", "a_int", "a_neg", "a_big", "a_text",
                                           "a_vc", "a_bool", "a_float", "a_col")}
    assert literal == {"a_null": None, "a_int": 50, "a_neg": -1, "a_big": 5000000000,
                       "a_text": "it's", "a_vc": "v", "a_bool": True, "a_float": 1.5,
                       "a_col": "green"}
    for name in ("a_json", "a_arr", "a_ts", "a_iv", "a_num", "a_expr"):
        assert ps[name].default is DEFAULT, name
    doc = sample_api.GatewayAPI.sample_defaults.__doc__
    assert "a_ts: now()" in doc and "a_json: '{\"k\": 1}'::jsonb" in doc


def test_omitted_arguments_take_the_sql_default(gw: Any) -> None:
    got = gw.sample_defaults(required="r")
    assert got == {
        "required": "r", "a_null": None, "a_int": 50, "a_neg": -1, "a_big": 5000000000,
        "a_text": "it's", "a_vc": "v", "a_bool": True, "a_float": 1.5, "a_json": {"k": 1},
        "a_arr": ["x", "y"], "a_ts_is_now": True, "a_iv": "7 days", "a_num": 0.5,
        "a_col": "green", "a_expr": 5,
    }


def test_given_arguments_override_the_defaults(gw: Any) -> None:
    got = gw.sample_defaults(
        required="r", a_null="n", a_int=1, a_json=[1, {"a": None}], a_arr=[],
        a_ts=datetime(2020, 1, 1).astimezone(), a_iv=timedelta(hours=2), a_num=Decimal("2.25"),
        a_col="red", a_expr=None,
    )
    assert got["a_null"] == "n" and got["a_int"] == 1
    assert got["a_json"] == [1, {"a": None}]
    assert got["a_arr"] == [] and got["a_ts_is_now"] is False and got["a_iv"] == "02:00:00"
    assert got["a_num"] == 2.25 and got["a_col"] == "red" and got["a_expr"] is None


@pytest.mark.parametrize(("sql", "hint", "sql_type", "expected"), [
    (None, "int", "integer", None),
    ("NULL::text", "str", "text", "None"),
    ("NULL", "Any", "jsonb", "None"),
    ("'-1'::integer", "int", "integer", "-1"),
    ("10", "int", "integer", "10"),
    ("'5000000000'::bigint", "int", "bigint", "5000000000"),
    ("true", "bool", "boolean", "True"),
    ("false", "bool", "boolean", "False"),
    ("1.5", "float", "double precision", "1.5"),
    ("'it''s'::text", "str", "text", '"it\'s"'),
    ("'a\\b'::text", "str", "text", "'a\\\\b'"),
    ("'v'::character varying", "str", "character varying", '"v"'),
    ("'green'::claude.color", "str", "claude.color", '"green"'),
    ("'{}'::jsonb", "Any", "jsonb", "DEFAULT"),
    ("'{}'::text[]", "list[str]", "text[]", "DEFAULT"),
    ("now()", "datetime", "timestamp with time zone", "DEFAULT"),
    ("'7 days'::interval", "timedelta", "interval", "DEFAULT"),
    ("0.5", "Decimal", "numeric", "DEFAULT"),
    ("(2 + 3)", "int", "integer", "DEFAULT"),
    ("'12'::text", "int", "integer", "DEFAULT"),
])
def test_python_default(sql: str | None, hint: str, sql_type: str, expected: str | None) -> None:
    assert codegen.python_default(sql, hint, sql_type) == expected


# -- names -------------------------------------------------------------------
def test_reserved_parameter_names(sample_api: Any, gw: Any) -> None:
    ps = params(sample_api.GatewayAPI.sample_reserved)
    assert list(ps) == ["self", "limit", "from_", "order", "select", "self_", "class_"]
    assert '"limit" => %(limit)s::integer' in sample_api.SOURCE
    assert '"from" => %(from_)s::text' in sample_api.SOURCE
    assert gw.sample_reserved() == (
        "limit=10 from= order=asc select=f self= class=")
    assert gw.sample_reserved(limit=3, from_="x", order="desc", select=True, self_="me",
                              class_=7) == "limit=3 from=x order=desc select=t self=me class=7"


def test_py_name() -> None:
    assert [codegen.py_name(n) for n in ("limit", "from", "self", "class", "type", "9x")] == [
        "limit", "from_", "self_", "class_", "type", "_9x"]


# -- calls and returned Python types -----------------------------------------
def test_every_type_round_trips(gw: Any, sample_api: Any) -> None:
    values: dict[str, Any] = {
        "u": uuid4(), "t": "text", "v": "varchar", "i": 2**31 - 1, "b": 2**40, "s": -3,
        "n": Decimal("12.345"), "f": False, "j": {"a": [1, 2]}, "js": [1, "x"],
        "arr": ["a", "b"], "uarr": [uuid4(), uuid4()],
        "ts": datetime(2024, 5, 6, 7, 8, 9).astimezone(), "iv": timedelta(days=1, seconds=5),
        "d": 0.25, "dt": date(2024, 2, 29), "by": b"\x00\xff", "dom": "dom", "col": "red",
    }
    (row,) = gw.sample_types(**values)
    assert isinstance(row, sample_api.SampleTypesRow)
    got = {f.name[2:]: getattr(row, f.name) for f in dataclasses.fields(row)}
    assert got == values
    for name, expected_type in [("u", UUID), ("n", Decimal), ("ts", datetime), ("iv", timedelta),
                                ("dt", date), ("by", bytes), ("j", dict), ("js", list)]:
        assert type(got[name]) is expected_type, name
    assert got["ts"].tzinfo is not None


def test_setof_rows_single_row_and_null_row(gw: Any, sample_api: Any, unique: Any) -> None:
    prefix = unique("proj")
    ids = [gw.sample_add_project(name=f"{prefix}-{k}") for k in (2, 1)]
    assert all(isinstance(i, UUID) for i in ids)
    rows = gw.sample_projects(prefix=prefix)
    assert [r.project_name for r in rows] == [f"{prefix}-1", f"{prefix}-2"]
    assert all(isinstance(r, sample_api.ProjectsRow) for r in rows)
    assert isinstance(rows[0].created_at, datetime)
    one = gw.sample_project(project_name=f"{prefix}-1")
    assert isinstance(one, sample_api.ProjectsRow) and one.project_id == ids[1]
    assert gw.sample_project(project_name=f"{prefix}-none") is None
    assert gw.sample_projects(prefix=f"{prefix}-none") == []
    view_rows = [r for r in gw.sample_view_rows() if r.project_name.startswith(prefix)]
    assert [r.names for r in view_rows] == [[f"{prefix}-1"], [f"{prefix}-2"]]
    assert gw.sample_find(name=f"{prefix}-2") == ids[0]
    assert gw.sample_find(name=f"{prefix}-none") is None


def test_other_return_shapes(gw: Any, sample_api: Any) -> None:
    assert gw.sample_void(x=1) is None
    assert gw.sample_series(n=3) == [1, 2, 3]
    assert gw.sample_series(n=0) == []
    assert gw.sample_out(x=4) == sample_api.SampleOutRow(doubled=8, label="x=4")
    pair = gw.sample_pair(label="l")
    assert isinstance(pair, sample_api.SamplePairRow) and pair.tags == ["l", "l"]
    assert isinstance(pair.left_id, UUID)
    assert gw.sample_variadic(items=["a", "b", "c"]) == 3
    assert isinstance(gw.sample_record(), tuple)


def test_docstrings_are_the_sql_comments(sample_api: Any) -> None:
    doc = sample_api.GatewayAPI.sample_defaults.__doc__
    assert doc.startswith("Report the arguments it received.")
    assert "SQL: claude.sample_defaults(required text" in doc
    assert sample_api.AsyncGatewayAPI.sample_defaults.__doc__ == doc


# -- rejected catalogs (in a rolled-back transaction, in a schema of their own) --
@pytest.mark.parametrize(("ddl", "message"), [
    ("CREATE FUNCTION cg_bad.f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';"
     "CREATE FUNCTION cg_bad.f(a text) RETURNS int LANGUAGE sql AS 'SELECT 1';", "overloaded"),
    ("CREATE FUNCTION cg_bad.g(int) RETURNS int LANGUAGE sql AS 'SELECT 1';", "no name"),
    ("CREATE FUNCTION cg_bad.transaction() RETURNS int LANGUAGE sql AS 'SELECT 1';", "clash"),
])
def test_uncallable_catalogs_are_rejected(sample_api_dsn: str, ddl: str, message: str) -> None:
    with psycopg.connect(sample_api_dsn) as conn:
        conn.execute("CREATE SCHEMA cg_bad")
        conn.execute(ddl)  # type: ignore[arg-type]
        with pytest.raises(codegen.CodegenError, match=message):
            codegen.read_catalog(conn, "cg_bad")
        conn.rollback()


# -- docs/API.md -------------------------------------------------------------
def test_api_reference(sample_api: Any) -> None:
    docs = sample_api.DOCS
    assert docs.startswith("<!-- DO NOT EDIT: generated by claude_gateway.codegen")
    section = docs.split("### sample_raise", 1)[1].split("###", 1)[0]
    assert "claude.sample_raise(code text) RETURNS void" in section
    assert "gw.sample_raise(code: str) -> None" in section
    assert ("errors: `22001` (ValueTooLong), `22023` (InvalidArgument), `23505` (AlreadyExists),"
            " `55000` (InvalidState), `P0002` (NotFound)") in section
    assert "- volatile; security definer; EXECUTE: `claude_agent`\n" in section
    assert "security invoker; EXECUTE: `PUBLIC`" in docs.split("### sample_void", 1)[1]
    assert "a_text text DEFAULT 'it''s'::text," in docs
    assert "### execute_job" in docs  # the client-side tool is documented too


@pytest.mark.parametrize(("name", "domain"), [
    ("register_identity", "identities"), ("update_identity_activity", "identities"),
    ("get_active_identities", "identities"), ("start_session", "sessions"),
    ("session_startup", "sessions"), ("get_pending_messages", "messages"),
    ("broadcast_to_project", "messages"), ("claim_job", "jobs"), ("get_due_jobs", "jobs"),
    ("check_reminder", "reminders"), ("get_activity_by_source", "activity"),
    ("log_activity", "activity"), ("search_knowledge", "knowledge"),
    ("archive_activity", "activity"), ("ping", "other"),
])
def test_domain_heuristic(name: str, domain: str) -> None:
    assert codegen.domain_of(name) == domain


# -- drift check -------------------------------------------------------------
def test_check_fails_on_a_stale_file_and_passes_on_a_fresh_one(
    sample_api_dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    module, docs = tmp_path / "gen.py", tmp_path / "API.md"
    paths = {"module_path": module, "docs_path": docs}
    assert codegen.run(sample_api_dsn, check=True, **paths) == 1  # missing files are stale
    assert codegen.run(sample_api_dsn, **paths) == 0
    assert codegen.run(sample_api_dsn, check=True, **paths) == 0
    capsys.readouterr()
    module.write_text(module.read_text().replace("def sample_void", "def sample_v0id"))
    assert codegen.run(sample_api_dsn, check=True, **paths) == 1
    out = capsys.readouterr()
    assert "-    def sample_v0id" in out.out and "+    def sample_void" in out.out
    assert "stale" in out.err
    docs.write_text(docs.read_text() + "edited\n")
    module.write_text(codegen.generate(sample_api_dsn)[0])
    assert codegen.run(sample_api_dsn, check=True, **paths) == 1


def test_cli_check(sample_api_dsn: str, tmp_path: Path) -> None:
    module, docs = tmp_path / "gen.py", tmp_path / "API.md"
    args = ["claude-gateway", "codegen", "--dsn", sample_api_dsn, "--module", str(module),
            "--docs", str(docs)]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    assert subprocess.run(args, env=env, capture_output=True).returncode == 0
    assert subprocess.run([*args, "--check"], env=env, capture_output=True).returncode == 0
    module.write_text(module.read_text() + "# edited\n")
    res = subprocess.run([*args, "--check"], env=env, capture_output=True, text=True)
    assert res.returncode == 1 and "-# edited" in res.stdout


def test_committed_files_match_the_catalog(dsn: str) -> None:
    """The CI gate: the committed module and reference equal a fresh generation from
    the freshly migrated test database (regenerate with `claude-gateway codegen`)."""
    module, docs = codegen.generate(dsn)
    assert codegen.MODULE_PATH.read_text() == module, "run `claude-gateway codegen`"
    assert codegen.DOCS_PATH.read_text() == docs, "run `claude-gateway codegen`"
