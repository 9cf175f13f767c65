"""The `claude-gateway` command line.

Every command that touches a database honours DATABASE_URL; without it, the
embedded local cluster (`claude-gateway db up`) is used.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn
from uuid import UUID

import click

from .errors import GatewayError
from .localdb import LocalDB, LocalDBError, database_url, resolve_admin_dsn, resolve_dsn
from .redact import mask

if TYPE_CHECKING:
    from ._generated import KnowledgeType, MessageType, Priority, Severity, SourceType
    from .client import Gateway


class _Allowed(click.Choice[str]):
    """The values of a `Literal` alias of the generated client (`Priority`): its allowed-value
    list, read when a command needs it, so that a stale or broken _generated.py never stops
    the CLI from loading (`claude-gateway codegen` must run to fix it)."""

    def __init__(self, alias: str, *, exclude: tuple[str, ...] = ()) -> None:
        self._alias, self._exclude = alias, exclude
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        from typing import get_args

        from . import _generated

        return tuple(v for v in get_args(getattr(_generated, self._alias)) if v not in self._exclude)


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {mask(message)}", err=True)
    sys.exit(code)


# Integer options are PostgreSQL integers: a larger number is a usage error, not a database one.
INT32 = click.IntRange(-(2**31), 2**31 - 1)


class _Group(click.Group):
    """The command group: whatever escapes a command is one `error:` line (never a
    traceback, never a password), exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except UnicodeError:
            _fail("an argument or input is not valid UTF-8 text (it holds bytes that are not characters); "
                  "pass it as UTF-8")
        except Exception as exc:  # noqa: BLE001 - the last door: one line, no traceback
            _fail(f"{type(exc).__name__}: {' '.join(str(exc).split())[:500]}")


def _gateway_error(exc: Exception) -> NoReturn:
    """Print a database error as `error: ...` and `hint: ...`; exit 1."""
    from .errors import from_psycopg

    err = exc if isinstance(exc, GatewayError) else from_psycopg(exc)
    click.echo(f"error: {mask(err.message)}", err=True)
    if err.hint:
        click.echo(f"hint: {mask(err.hint)}", err=True)
    sys.exit(1)


@contextmanager
def _gateway(connect_timeout: int = 5, *, read: bool = False) -> Iterator[Gateway]:
    """The generated client on DATABASE_URL (else the local cluster); errors end the command.

    `read`: a reading command, which goes to DATABASE_READ_URL (a replica) when set.
    """
    import psycopg

    import claude_gateway

    from .pooler import read_dsn

    try:
        gw = claude_gateway.connect(read_dsn() if read else None, connect_timeout=connect_timeout,
                                    min_size=1, max_size=4)
    except GatewayError as exc:
        _gateway_error(exc)
    try:
        yield gw
    except (GatewayError, psycopg.Error) as exc:
        _gateway_error(exc)
    finally:
        gw.close()


def _emit(as_json: bool, data: Any, text: Callable[[], str]) -> None:
    """`--json`: the data as JSON; otherwise the human text."""
    if as_json:
        from .output import dumps

        click.echo(dumps(data))
    else:
        click.echo(text())


def _identity_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--identity", default=None,
        help="Identity name (default: $CLAUDE_GATEWAY_IDENTITY, else the identity bound to the "
        "database login, else <user>@<host>).")(func)


def _json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(func)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claude-gateway")
def main() -> None:
    """claude-gateway: one PostgreSQL database for a family of AI coding agents."""


# ---------------------------------------------------------------------------
# db: the embedded local cluster
# ---------------------------------------------------------------------------
@main.group()
def db() -> None:
    """Manage the embedded local PostgreSQL cluster (ignored when DATABASE_URL is set)."""


@db.command("up")
def db_up() -> None:
    """Initialise (once) and start the local cluster; create the database. Idempotent."""
    if database_url():
        click.echo("DATABASE_URL is set: using that database, no local cluster started.")
        return
    try:
        state = LocalDB().up()
    except LocalDBError as exc:
        _fail(str(exc))
    click.echo(f"local database {state}: {LocalDB().cluster.url()}")
    click.echo("(that is the login the hooks, MCP and commands use; `db url --admin` gives the superuser's)")


@db.command("down")
def db_down() -> None:
    """Stop the local cluster (its data stays)."""
    try:
        stopped = LocalDB().down()
    except LocalDBError as exc:
        _fail(str(exc))
    click.echo("local database stopped" if stopped else "local database was not running")


_ADMIN_OPTION = click.option(
    "--admin", is_flag=True,
    help="The local cluster's superuser instead of its (non-superuser) login: for migrate, "
         "creating databases, tests and admin tools. Same as without it when DATABASE_URL is set.")


@db.command("url")
@click.option("--dbname", default=None, help="Another database on the same server.")
@_ADMIN_OPTION
def db_url(dbname: str | None, admin: bool) -> None:
    """Print the DSN every command uses: DATABASE_URL, else the local cluster's login (--admin: superuser)."""
    env = database_url()
    if env and not dbname:
        click.echo(env)
        return
    if env and dbname:
        from psycopg.conninfo import make_conninfo

        click.echo(make_conninfo(env, dbname=dbname))
        return
    click.echo(LocalDB().cluster.url(dbname, admin=admin))


@db.command("env")
@click.option("--dbname", default=None, help="Another database on the same server.")
@_ADMIN_OPTION
def db_env(dbname: str | None, admin: bool) -> None:
    """Print PGHOST/PGPORT/PGUSER/PGDATABASE exports for psql and pg_prove.

    Use: eval "$(claude-gateway db env)"; psql
    """
    import shlex

    from psycopg.conninfo import conninfo_to_dict

    dsn = resolve_admin_dsn() if admin else resolve_dsn()
    params = conninfo_to_dict(dsn)
    if dbname:
        params["dbname"] = dbname
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER",
             "dbname": "PGDATABASE", "password": "PGPASSWORD", "sslmode": "PGSSLMODE"}
    for key, var in names.items():
        if params.get(key) is not None:
            click.echo(f"export {var}={shlex.quote(str(params[key]))}")


@db.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def db_status(as_json: bool) -> None:
    """Show where the local cluster lives and whether it runs."""
    if database_url():
        info: dict[str, object] = {"database_url": mask(database_url()), "local": False}
    else:
        try:
            info = LocalDB().status()
        except LocalDBError as exc:
            _fail(str(exc))
    if as_json:
        click.echo(json.dumps(info, indent=2))
    else:
        for key, value in info.items():
            click.echo(f"{key:12} {value}")


# ---------------------------------------------------------------------------
# migrate
# ---------------------------------------------------------------------------
@main.command("migrate")
@click.option("--rollback", "rollback_", is_flag=True, help="Roll back the newest migration.")
@click.option("--rollback-all", is_flag=True, help="Roll back every migration (drops the schema).")
def migrate_cmd(rollback_: bool, rollback_all: bool) -> None:
    """Apply pending migrations, then re-apply functions, triggers, views and grants."""
    from . import migrate as m

    dsn = resolve_admin_dsn()
    try:
        if rollback_ or rollback_all:
            ids = m.rollback(dsn, all_=rollback_all)
            click.echo(f"rolled back {len(ids)} migration(s): {', '.join(ids) or '-'}")
            return
        result = m.migrate(dsn)
        if not database_url():  # the local cluster: its doors' login joins claude_agent (db/roles.sql)
            LocalDB().ensure_login()
    except m.MigrationsNotFound as exc:
        _fail(f"migrate: {exc}", 2)
    except m.MigrateError as exc:
        _fail(f"migrate failed: {exc}\nnothing of this run was committed: the database is as it was")
    except Exception as exc:  # noqa: BLE001 - report any failure with its cause
        _fail(f"migrate failed: {exc}")
    click.echo(
        f"applied {len(result.applied)} migration(s)"
        + (f": {', '.join(result.applied)}" if result.applied else "")
        + f"; re-applied {result.repeatable_files} source file(s)"
    )
    if result.undeclared:
        click.echo(f"warning: schema claude holds {len(result.undeclared)} object(s) that no source file "
                   f"declares: {', '.join(result.undeclared)}", err=True)
        click.echo("hint: a source file was deleted or renamed; drop its object in a versioned migration "
                   "(db/migrations/).", err=True)


# ---------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------
@main.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status_cmd(as_json: bool) -> None:
    """Show the database, the schema version and how many rows each table and view holds.

    Reads DATABASE_READ_URL when set.  A login that may not read a table (any
    non-owner: agents and readers see the views) gets "no access" for it.
    """
    import psycopg

    from . import migrate as m
    from .pooler import connect as pooled_connect
    from .pooler import read_dsn

    dsn = read_dsn()
    counts: dict[str, int | None] = {}
    views: dict[str, int | None] = {}
    try:
        with pooled_connect(dsn, connect_timeout=5, autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            relations = conn.execute(
                """
                SELECT c.relname, c.relkind = 'v', has_table_privilege(c.oid, 'SELECT')
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'claude' AND c.relkind IN ('r', 'v')
                   AND has_schema_privilege(n.oid, 'USAGE')
                 ORDER BY c.relname
                """
            ).fetchall()
            for (name, is_view, readable) in relations:
                count = None
                if readable:
                    count = conn.execute(
                        f'SELECT count(*) FROM claude."{name}"'  # noqa: S608 - catalog names
                    ).fetchone()[0]  # type: ignore[index]
                (views if is_view else counts)[name] = count
            # yoyo takes its lock to read the migration log (and retries for
            # seconds when it may not): ask only a login that may take it.
            may_lock = conn.execute(
                "SELECT coalesce(bool_and(has_table_privilege(oid, 'INSERT, DELETE')), true)"
                "  FROM pg_class WHERE relname = 'yoyo_lock' AND relkind = 'r'"
            ).fetchone()[0]  # type: ignore[index]
    except psycopg.OperationalError as exc:
        _fail(f"cannot connect to {mask(dsn)}: {exc}".strip() + "\nhint: run `claude-gateway db up`")
    except psycopg.Error as exc:
        _fail(f"status: {str(exc).strip()}")
    applied: list[str] | None = None
    if may_lock:
        try:
            applied = m.applied_migrations(dsn)
        except m.MigrationsNotFound as exc:
            _fail(str(exc), 2)
        except Exception:  # noqa: BLE001 - e.g. a login that may not read the migration log
            applied = None
    info = {"dsn": mask(dsn), "server_version": version, "migrations": applied, "tables": counts,
            "views": views}
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"database    {mask(dsn)}")
    click.echo(f"server      PostgreSQL {version}")
    if applied is None:
        click.echo("migrations  not readable by this login (`claude-gateway db url --admin` can)")
    else:
        click.echo(f"migrations  {len(applied)} applied ({', '.join(applied) or 'none'})")
    if not counts and not views:
        click.echo("schema      claude is missing (or not visible to this login): "
                   "run `claude-gateway migrate`")
    for title, items in (("tables", counts), ("views", views)):
        if items:
            click.echo(title)
        for name, count in items.items():
            click.echo(f"  {name:24} " + (f"{count:>8} rows" if count is not None else "no access"))


# ---------------------------------------------------------------------------
# codegen: the generated client and docs/API.md
# ---------------------------------------------------------------------------
@main.command("codegen")
@click.option("--check", is_flag=True, help="Exit 1 with a diff when a committed file is stale.")
@click.option("--dsn", default=None, help="Database to read (default: DATABASE_URL, else local).")
@click.option("--module", "module_path", type=click.Path(dir_okay=False), default=None,
              help="Where to write the Python module (default: py/claude_gateway/_generated.py).")
@click.option("--docs", "docs_path", type=click.Path(dir_okay=False), default=None,
              help="Where to write the API reference (default: docs/API.md).")
def codegen_cmd(check: bool, dsn: str | None, module_path: str | None,
                docs_path: str | None) -> None:
    """Generate the Python client and docs/API.md from a migrated database's catalog."""
    from pathlib import Path

    from . import codegen

    try:
        status = codegen.run(
            dsn, check=check,
            module_path=Path(module_path) if module_path else codegen.MODULE_PATH,
            docs_path=Path(docs_path) if docs_path else codegen.DOCS_PATH,
        )
    except codegen.CodegenError as exc:
        _fail(f"codegen: {exc}", 2)
    sys.exit(status)


# ---------------------------------------------------------------------------
# run-jobs (scheduler): run the due jobs on this machine
# ---------------------------------------------------------------------------
@main.command("run-jobs")
@click.option("--project", "project_name", default=None,
              help="Jobs of this project and of no project (default: every project).")
@click.option("--session", "session_id", default=None, help="The session running the jobs.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(min=0),
              help="Run at most this many jobs (0: until no job is due).")
@click.option("--type", "job_types", multiple=True,
              help="Only jobs of this job_type (repeatable).")
@click.option("--grace", "grace_seconds", default=60, show_default=True, type=click.IntRange(min=0),
              help="A RUNNING job older than its timeout plus this many seconds is presumed dead: "
              "recovered as TIMEOUT and run again per its retry rules.")
@click.option("--watch", "poll", default=None, type=click.FloatRange(min=0.05),
              help="Keep running: pass over the due jobs, then wait this many seconds when none is "
              "due; reconnects by itself after a server restart. Stop with Ctrl-C or SIGTERM.")
def run_jobs_cmd(project_name: str | None, session_id: str | None, limit: int,
                 job_types: tuple[str, ...], grace_seconds: int, poll: float | None) -> None:
    """Run the due jobs, most urgent first, each at most once, with a line per job and a summary.

    Jobs are claimed one at a time with claim_next_job (FOR UPDATE SKIP LOCKED): several
    runners may run at once, each due run is taken by one of them, and a run whose runner
    died is recovered on the way. Exits 1 when a job failed or timed out.
    """
    import psycopg

    from .pooler import connect as pooled_connect
    from .runner import run_due_jobs, run_forever

    dsn = resolve_dsn()
    if poll is not None:
        import signal
        import threading

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            run_forever(dsn, project_name, session_id, echo=lambda line: click.echo(line, nl=True),
                        poll=poll, stop=stop, job_types=list(job_types) or None,
                        grace_seconds=grace_seconds)
        except KeyboardInterrupt:
            pass
        return
    try:
        with pooled_connect(dsn, autocommit=True) as conn:
            results = run_due_jobs(conn, project_name=project_name, session_id=session_id,
                                   echo=click.echo, limit=limit or None,
                                   job_types=list(job_types) or None, grace_seconds=grace_seconds)
    except (GatewayError, psycopg.Error) as exc:
        _gateway_error(exc)
    if any(not r.ok for r in results):
        sys.exit(1)


# ---------------------------------------------------------------------------
# mcp: the API as MCP tools over stdio
# ---------------------------------------------------------------------------
@main.command("mcp")
@click.option("--identity", envvar="CLAUDE_GATEWAY_IDENTITY", default=None,
              help="Bind to this identity (registered on first use, platform claude-code) and its "
              "session; session_id, from_session_id and identity_id then default to them. "
              "Env: CLAUDE_GATEWAY_IDENTITY.")
@click.option("--project", envvar="CLAUDE_GATEWAY_PROJECT", default=None,
              help="Project of a session started for the bound identity (default: the current "
              "directory's name). Env: CLAUDE_GATEWAY_PROJECT.")
@click.option("--role", default=None,
              help="role_description of an identity registered on first use.")
@click.option("--tools", "tool_selection", envvar="CLAUDE_GATEWAY_TOOLS", default=None,
              help="Expose only these, comma-separated: domains (identities, sessions, messages, "
              "jobs, reminders, activity, knowledge, leases, other) or tool names. Default: every tool.")
@click.option("--full-descriptions", is_flag=True,
              help="Whole COMMENT ON FUNCTION texts as descriptions (default: summary and errors).")
@click.option("--list-tools", is_flag=True,
              help="Print the tools/list JSON and its size in bytes, then exit (no database).")
@click.option("--profile", type=click.Choice(["agent", "admin"]), envvar="CLAUDE_GATEWAY_PROFILE",
              default="agent", show_default=True,
              help="agent: no admin-only or maintenance tools, no execute_job; admin: every tool. "
              "--tools picks from every tool instead.")
@click.option("--attach", is_flag=True,
              help="Use the session Claude Code's hooks start (bound to --identity, default "
              "<user>@<host>): never register an identity or start a session.")
def mcp_cmd(identity: str | None, project: str | None, role: str | None,
            tool_selection: str | None, full_descriptions: bool, list_tools: bool,
            profile: str, attach: bool) -> None:
    """Run the MCP server over stdio: one tool per API function, plus execute_job.

    Nothing touches the database before a tool call needs it (starting, initialize and
    tools/list work while the database is down)."""
    from . import mcp_server

    from_login = attach and not identity  # the login's bound identity, if any, wins over the default
    if attach and not identity:
        from .hooks import default_identity_name

        identity = default_identity_name()
    try:
        functions = mcp_server.select(tool_selection, profile=profile)
    except mcp_server.UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    if list_tools:
        tools = mcp_server.tool_definitions(functions, bound=bool(identity),
                                            full=full_descriptions)
        text = json.dumps({"tools": tools}, ensure_ascii=False, separators=(",", ":"))
        click.echo(json.dumps({"tools": tools}, ensure_ascii=False, indent=2))
        click.echo(f"{len(tools)} tools, {len(text.encode())} bytes", err=True)
        return
    import importlib.util

    if importlib.util.find_spec("mcp") is None:
        _fail("mcp: the MCP server is an extra that is not installed here: "
              "pip install 'claude-gateway[mcp]'", 2)
    import anyio

    from .errors import GatewayError

    try:
        anyio.run(lambda: mcp_server.serve(
            None, identity=identity, project=project, tools=tool_selection,
            role=role or mcp_server.DEFAULT_ROLE, full=full_descriptions, profile=profile,
            attach=attach, from_login=from_login))
    except GatewayError as exc:
        _fail(f"mcp: {exc}")

# startup / end: the Claude Code SessionStart and SessionEnd hooks
# ---------------------------------------------------------------------------
FORMATS = click.Choice(["text", "json", "claude-hook"])


def _hook_warning(event: str, fmt: str, message: str) -> NoReturn:
    """Hook mode never blocks the agent: one line of warning, exit 0."""
    first = mask(message).splitlines()[0][:300] if message and message.strip() else "failed"
    line = f"claude-gateway: {first}; continuing without it"
    if fmt == "claude-hook" and event == "SessionStart":
        from .output import hook_output

        click.echo(hook_output(event, line))
    else:
        click.echo(f"warning: {line}", err=True)
    sys.exit(0)


@main.command("startup")
@_identity_option
@click.option("--project", default=None,
              help="Project name (default: the git root's name of the hook's cwd / the working directory).")
@click.option("--project-schema", default=None, help="The project's database schema, if any.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text: a compact summary; json: the whole bundle; claude-hook: SessionStart hook JSON.")
@click.option("--timeout", type=float, default=2.0, show_default=True,
              help="statement_timeout in seconds of each automatic reminder check; all the checks "
                   "together get three times as long (the session start itself twice as long).")
@click.option("--connect-timeout", type=INT32, default=3, show_default=True,
              help="Seconds to wait for the database.")
@click.option("--no-checks", is_flag=True, help="Do not run the automatic reminder checks.")
def startup_cmd(identity: str | None, project: str | None, project_schema: str | None, fmt: str,
                timeout: float, connect_timeout: int, no_checks: bool) -> None:
    """Start this agent's session: the SessionStart hook for Claude Code.

    Registers the identity on first use, ends its previous session if still open,
    starts a new one (claude.session_startup), checks due reminders automatically
    (sql_query/table_empty in the database under --timeout, file_exists on this
    machine) and prints the pending messages, due reminders, due jobs and recent
    activity.  Reads the hook's JSON from stdin when there is any (session_id, cwd,
    source).  With source compact or resume the identity's session goes on: its
    context is printed again (claude.session_context) and no session is ended or
    started (unless it has none left).  The session id is remembered in
    ~/.cache/claude-gateway/sessions/<identity>@<project>.json for `end`.
    With --format claude-hook a database that cannot be reached gives a one-line
    warning and exit status 0: the agent is never blocked.
    """
    import psycopg

    import claude_gateway

    from . import hooks, output

    try:  # everything, reading the hook's JSON included: a hook must never block the agent
        hook = hooks.read_hook_input(sys.stdin)
        cwd = hooks.hook_cwd(hook)
        project = project or hooks.project_from_directory(cwd)
        with claude_gateway.connect(connect_timeout=connect_timeout, min_size=1, max_size=2) as gw:
            identity = identity or hooks.default_identity_name(gw)
            # compact/resume: the same gateway session goes on (its context again, bounded).
            bundle = (hooks.resume(gw, identity, project, hook=hook)
                      if hook.get("source") in ("compact", "resume") else None)
            if bundle is None:
                bundle = hooks.startup(gw, identity, project, project_schema=project_schema,
                                       timeout=timeout, cwd=cwd, hook=hook, check=not no_checks)
    except Exception as exc:  # noqa: BLE001 - a hook must never block the agent
        if fmt == "claude-hook":
            _hook_warning("SessionStart", fmt, getattr(exc, "message", None) or str(exc))
        if isinstance(exc, GatewayError | psycopg.Error):
            _gateway_error(exc)
        raise
    if fmt == "json":
        click.echo(output.dumps(bundle))
    elif fmt == "claude-hook":
        click.echo(output.hook_output("SessionStart", output.format_startup_text(bundle)))
    else:
        click.echo(output.format_startup_text(bundle))


@main.command("end")
@click.option("--summary", default=None,
              help="What the session achieved (default in hook mode: the hook's `reason`).")
@_identity_option
@click.option("--project", default=None,
              help="Project (default: the git root's name of the working directory).")
@click.option("--session", "session_id", default=None, help="End this session id instead of the active one.")
@click.option("--task", "tasks", multiple=True, help="A completed task (repeatable).")
@click.option("--learning", "learnings", multiple=True, help="A learning gained (repeatable).")
@click.option("--challenge", "challenges", multiple=True, help="A challenge encountered (repeatable).")
@click.option("--no-jobs", is_flag=True, help="Do not run the project's session_end jobs.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="claude-hook: for the SessionEnd hook (never fails: problems become a warning).")
@click.option("--connect-timeout", type=INT32, default=3, show_default=True,
              help="Seconds to wait for the database.")
def end_cmd(summary: str | None, identity: str | None, project: str | None, session_id: str | None,
            tasks: tuple[str, ...], learnings: tuple[str, ...], challenges: tuple[str, ...],
            no_jobs: bool, fmt: str, connect_timeout: int) -> None:
    """End this agent's session (the SessionEnd hook) and run its project's session_end jobs.

    Ends the session `startup` started (or --session, or the identity's active
    session) with --summary, --task, --learning and --challenge.  Reads the hook's
    JSON from stdin (its `reason` becomes the summary when --summary is absent).
    """
    import psycopg

    from . import hooks, output

    try:  # a hook must never block the agent, whatever its JSON holds
        hook = hooks.read_hook_input(sys.stdin)
        cwd = hooks.hook_cwd(hook)
        project = project or hooks.project_from_directory(cwd)
    except Exception as exc:  # noqa: BLE001
        if fmt == "claude-hook":
            _hook_warning("SessionEnd", fmt, str(exc))
        raise
    if not summary or not summary.strip():
        reason = str(hook.get("reason") or "").strip()
        if reason:
            summary = f"Claude Code session ended ({reason})"
        elif fmt == "claude-hook":
            summary = "Claude Code session ended"
        else:
            click.echo("error: --summary is required", err=True)
            click.echo("hint: say what the session achieved: claude-gateway end --summary '...'", err=True)
            sys.exit(1)
    import claude_gateway

    try:
        with claude_gateway.connect(connect_timeout=connect_timeout, min_size=1, max_size=2) as gw:
            identity = identity or hooks.default_identity_name(gw)
            result = hooks.end(gw, identity, project, summary=summary, tasks=tasks, learnings=learnings,
                               challenges=challenges, session_id=session_id, hook=hook, run_jobs=not no_jobs)
    except Exception as exc:  # noqa: BLE001 - a hook must never block the agent
        if fmt == "claude-hook":
            _hook_warning("SessionEnd", fmt, getattr(exc, "message", None) or str(exc))
        if isinstance(exc, GatewayError | psycopg.Error):
            _gateway_error(exc)
        raise
    if fmt == "json":
        click.echo(output.dumps(result))
        return
    if result["ended"]:
        line = f"claude-gateway: session {result['session_id']} of {identity} on {result['project']} ended"
    else:
        line = f"claude-gateway: nothing ended: {result['note']}"
    jobs = result["jobs"]
    if jobs:
        line += "; session_end jobs: " + ", ".join(f"{j['job_name']} {j['status']}" for j in jobs)
    click.echo(line)


# ---------------------------------------------------------------------------
# commands for people: thin views over the generated client
# ---------------------------------------------------------------------------
def _session_of(gw: Gateway, identity: str | None) -> Any:
    from .hooks import active_session

    return active_session(gw, identity)[1]


@main.command("identities")
@_json_option
def identities_cmd(as_json: bool) -> None:
    """List the active identities, most recently active first."""
    from .output import table, to_plain

    with _gateway(read=True) as gw:
        rows = [to_plain(r) for r in gw.get_active_identities()]
    _emit(as_json, rows, lambda: table(rows, [
        ("identity_name", "identity"), ("platform", "platform"), ("last_active_at", "last active"),
        ("identity_id", "id"), ("role_description", "role")]))


@main.command("inbox")
@_identity_option
@click.option("--project", default=None,
              help="Instead of an identity's inbox: the pending broadcasts to this project.")
@_json_option
@click.option("--follow", is_flag=True,
              help="Then wait and print each new message as it arrives (LISTEN; survives a restart).")
def inbox_cmd(identity: str | None, project: str | None, as_json: bool, follow: bool) -> None:
    """List pending messages: the identity's inbox (direct + project broadcasts), urgent first.

    A message from a human overseer (a login in claude_overseer; the database sets the
    mark, no sender can forge it) shows as "from the human overseer NAME"."""
    from .output import sender, table, to_plain

    if follow:
        from .cli_claude_code import follow_inbox

        try:
            follow_inbox(identity, as_json, click.echo)
        except GatewayError as exc:
            _gateway_error(exc)
        return

    with _gateway(read=True) as gw:
        if project and not identity:
            rows = gw.get_pending_messages(project_name=project)
        else:
            rows = gw.get_pending_messages(session_id=_session_of(gw, identity))
    data = [to_plain(r) for r in rows]
    _emit(as_json, data, lambda: table([{**m, "from": sender(m)} for m in data], [
        ("priority", "priority"), ("message_type", "type"), ("from", "from"),
        ("to_project", "broadcast to"), ("subject", "subject"), ("body", "body"), ("message_id", "id")], 40))


@main.command("read")
@click.argument("message_ids", nargs=-1, required=True, type=click.UUID)
@_identity_option
@_json_option
def read_cmd(message_ids: tuple[UUID, ...], identity: str | None, as_json: bool) -> None:
    """Mark messages read (as the identity's active session: needed for broadcasts)."""
    with _gateway() as gw:
        session_id = _session_of(gw, identity)
        for mid in message_ids:
            gw.mark_message_read(message_id=mid, session_id=session_id)
    _emit(as_json, {"read": [str(mid) for mid in message_ids]},
          lambda: f"marked {len(message_ids)} message(s) read")


@main.command("ack")
@click.argument("message_ids", nargs=-1, required=True, type=click.UUID)
@_identity_option
@_json_option
def ack_cmd(message_ids: tuple[UUID, ...], identity: str | None, as_json: bool) -> None:
    """Acknowledge messages (as the identity's active session: needed for broadcasts)."""
    with _gateway() as gw:
        session_id = _session_of(gw, identity)
        for mid in message_ids:
            gw.acknowledge_message(message_id=mid, session_id=session_id)
    _emit(as_json, {"acknowledged": [str(mid) for mid in message_ids]},
          lambda: f"acknowledged {len(message_ids)} message(s)")


_MESSAGE_OPTIONS = [
    click.option("--subject", required=True, help="One line (up to 200 characters)."),
    click.option("--body", required=True, help="The message."),
    click.option("--priority", type=_Allowed("Priority"), default="normal",
                 show_default=True),
    click.option("--expires-in-days", type=INT32, default=7, show_default=True,
                 help="Days until it expires (0: never)."),
    click.option("--reply-to", type=click.UUID, default=None, help="The message this one answers."),
]


def _message_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_MESSAGE_OPTIONS):
        func = option(func)
    return func


@main.command("send")
@click.option("--to", "to", required=True,
              help="Recipient: an identity name (its active session) or a session id.")
@_message_options
@click.option("--type", "message_type", default="notification", show_default=True,
              type=_Allowed("MessageType", exclude=("broadcast",)))
@_identity_option
@_json_option
def send_cmd(to: str, subject: str, body: str, priority: Priority, expires_in_days: int,
             reply_to: UUID | None, message_type: MessageType, identity: str | None, as_json: bool) -> None:
    """Send a direct message from the identity's active session."""
    with _gateway() as gw:
        sender = _session_of(gw, identity)
        try:
            recipient: Any = UUID(to)
        except ValueError:
            recipient = _session_of(gw, to)
        # expires_in_days NULL (0 here) means "never expires"; the generated signature says int.
        mid = gw.send_message(from_session_id=sender, to_session_id=recipient, subject=subject, body=body,
                              message_type=message_type, priority=priority,
                              expires_in_days=expires_in_days or None,  # type: ignore[arg-type]
                              in_reply_to=reply_to)
    _emit(as_json, {"message_id": mid}, lambda: f"sent message {mid}")


@main.command("broadcast")
@_message_options
@click.option("--project", default=None, help="Project to broadcast to (default: the sender session's).")
@click.option("--type", "message_type", default="broadcast", show_default=True,
              type=_Allowed("MessageType"))
@_identity_option
@_json_option
def broadcast_cmd(subject: str, body: str, priority: Priority, expires_in_days: int,
                  reply_to: UUID | None, project: str | None, message_type: MessageType,
                  identity: str | None, as_json: bool) -> None:
    """Broadcast a message to everyone working on a project."""
    with _gateway() as gw:
        sender = _session_of(gw, identity)
        if not project:
            project = gw.get_session_project(session_id=sender)
        mid = gw.broadcast_to_project(from_session_id=sender, project_name=project or "", subject=subject,
                                      body=body, message_type=message_type, priority=priority,
                                      expires_in_days=expires_in_days or None,  # type: ignore[arg-type]
                                      in_reply_to=reply_to)
    _emit(as_json, {"message_id": mid, "project_name": project},
          lambda: f"broadcast {mid} to {project}")


@main.command("reminders")
@click.option("--project", default=None, help="Only this project's reminders (and those of no project).")
@click.option("--all", "all_", is_flag=True, help="Every pending reminder, due or not.")
@click.option("--check", is_flag=True, help="Run the automatic checks of the due reminders first.")
@click.option("--done", "done_id", type=click.UUID, default=None, help="Mark this reminder done.")
@click.option("--dismiss", "dismiss_id", type=click.UUID, default=None, help="Dismiss this reminder.")
@_json_option
def reminders_cmd(project: str | None, all_: bool, check: bool, done_id: UUID | None, dismiss_id: UUID | None,
                  as_json: bool) -> None:
    """List due reminders (--all: every pending one); complete, dismiss or check them."""
    from .hooks import check_reminders
    from .output import table, to_plain

    with _gateway() as gw:
        if done_id:
            gw.complete_reminder(reminder_id=done_id)
            _emit(as_json, {"done": str(done_id)}, lambda: f"reminder {done_id} done")
            return
        if dismiss_id:
            gw.dismiss_reminder(reminder_id=dismiss_id)
            _emit(as_json, {"dismissed": str(dismiss_id)}, lambda: f"reminder {dismiss_id} dismissed")
            return
        checks: list[dict[str, Any]] = []
        if check:
            checks, warnings = check_reminders(gw, project, cwd=os.getcwd())  # type: ignore[arg-type]
            for w in warnings:
                click.echo(f"warning: {w}", err=True)
        if all_:
            with gw.connection() as conn:
                cur = conn.execute(
                    "SELECT * FROM claude.pending_reminders WHERE %(p)s::text IS NULL"
                    " OR project_name = %(p)s OR project_name IS NULL", {"p": project})
                names = [d.name for d in cur.description or []]
                rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        else:
            rows = [to_plain(r) for r in gw.get_due_reminders(project_name=project)]
    data = {"checks": to_plain(checks), "reminders": to_plain(rows)} if check else to_plain(rows)

    def text() -> str:
        out = [f"{c['title']}: {c['outcome']}" for c in checks]
        out.append(table(to_plain(rows), [("check_after", "due"), ("title", "title"), ("check_type", "check"),
                                          ("reminder_count", "n"), ("project_name", "project"),
                                          ("reminder_id", "id")]))
        return "\n".join(out)

    _emit(as_json, data, text)


@main.command("jobs")
@click.option("--project", default=None, help="Only this project's jobs (and jobs of no project).")
@_json_option
def jobs_cmd(project: str | None, as_json: bool) -> None:
    """List the scheduled jobs (the claude.scheduler view). Run the due ones with `run-jobs`."""
    from .output import table, to_plain

    with _gateway(read=True) as gw, gw.connection() as conn:
        cur = conn.execute(
            "SELECT * FROM claude.scheduler WHERE %(p)s::text IS NULL OR project_name = %(p)s"
            " OR project_name IS NULL ORDER BY is_active DESC, priority, job_name", {"p": project})
        names = [d.name for d in cur.description or []]
        rows = [to_plain(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
    _emit(as_json, rows, lambda: table(rows, [
        ("job_name", "job"), ("trigger_type", "trigger"), ("schedule", "schedule"), ("priority", "p"),
        ("is_active", "active"), ("last_status", "last"), ("last_run", "last run"), ("next_run", "next run"),
        ("success_rate", "ok rate"), ("project_name", "project")], 32))


@main.command("activity")
@click.option("--project", default=None, help="Only this project.")
@click.option("--severity", type=_Allowed("Severity"), default=None)
@click.option("--source-type", type=_Allowed("SourceType"), default=None)
@click.option("--limit", type=INT32, default=20, show_default=True)
@_json_option
def activity_cmd(project: str | None, severity: Severity | None, source_type: SourceType | None, limit: int,
                 as_json: bool) -> None:
    """Show recent activity, newest first."""
    from .output import table, to_plain

    with _gateway(read=True) as gw:
        rows = [to_plain(r) for r in gw.get_recent_activity(project_name=project, severity=severity,
                                                             limit=limit, source_type=source_type)]
    _emit(as_json, rows, lambda: table(rows, [
        ("created_at", "when"), ("severity", "severity"), ("activity_type", "what"), ("actor", "actor"),
        ("project_name", "project"), ("title", "title")], 50))


@main.group("knowledge")
def knowledge_group() -> None:
    """Search, record and apply shared knowledge."""


@knowledge_group.command("search")
@click.argument("text", required=False)
@click.option("--project", default=None, help="Entries for this project (and for all projects).")
@click.option("--type", "knowledge_type", default=None, help="Only this knowledge_type.")
@click.option("--min-confidence", type=INT32, default=1, show_default=True)
@click.option("--limit", type=INT32, default=20, show_default=True)
@_json_option
def knowledge_search_cmd(text: str | None, project: str | None, knowledge_type: KnowledgeType | None,
                         min_confidence: int, limit: int, as_json: bool) -> None:
    """Full-text search of the knowledge base (English stemming), most relevant first."""
    from .output import table, to_plain

    with _gateway(read=True) as gw:
        rows = [to_plain(r) for r in gw.search_knowledge(
            project_name=project, knowledge_type=knowledge_type, search_text=text,
            min_confidence=min_confidence, limit=limit)]
    _emit(as_json, rows, lambda: table(rows, [
        ("title", "title"), ("knowledge_type", "type"), ("confidence_level", "conf"),
        ("times_applied", "applied"), ("description", "description"), ("knowledge_id", "id")], 50))


@knowledge_group.command("add")
@click.option("--title", required=True)
@click.option("--description", required=True)
@click.option("--type", "knowledge_type", required=True,
              type=_Allowed("KnowledgeType"))
@click.option("--project", "projects", multiple=True, help="A project it applies to (repeatable; none: all).")
@click.option("--category", default=None)
@click.option("--confidence", type=INT32, default=5, show_default=True)
@click.option("--code", "code_example", default=None, help="A code example.")
@_identity_option
@_json_option
def knowledge_add_cmd(title: str, description: str, knowledge_type: KnowledgeType, projects: tuple[str, ...],
                      category: str | None, confidence: int, code_example: str | None, identity: str | None,
                      as_json: bool) -> None:
    """Record a new piece of knowledge (learned by the identity, when it is registered)."""
    from .hooks import default_identity_name, find_identity

    with _gateway() as gw:
        learned_by = find_identity(gw, identity or default_identity_name(gw))
        kid = gw.record_knowledge(title=title, description=description, knowledge_type=knowledge_type,
                                  applies_to_projects=list(projects), confidence_level=confidence,
                                  learned_by_identity_id=learned_by, code_example=code_example,
                                  knowledge_category=category)
    _emit(as_json, {"knowledge_id": kid}, lambda: f"recorded knowledge {kid}")


@knowledge_group.command("apply")
@click.argument("knowledge_id", type=click.UUID)
@click.option("--failed", is_flag=True, help="It did not work.")
@_json_option
def knowledge_apply_cmd(knowledge_id: UUID, failed: bool, as_json: bool) -> None:
    """Record that a piece of knowledge was applied (and whether it worked)."""
    from .output import to_plain

    with _gateway() as gw:
        gw.apply_knowledge(knowledge_id=knowledge_id, was_successful=not failed)
        with gw.connection() as conn:
            cur = conn.execute("SELECT confidence_level, times_applied, times_failed FROM"
                               " claude.knowledge_overview WHERE knowledge_id = %s::uuid", (knowledge_id,))
            row = cur.fetchone()
    data = {"knowledge_id": knowledge_id, "was_successful": not failed,
            **({"confidence_level": row[0], "times_applied": row[1], "times_failed": row[2]} if row else {})}
    _emit(as_json, to_plain(data), lambda: f"applied {knowledge_id} ({'failed' if failed else 'worked'})"
          + (f": confidence {row[0]}, applied {row[1]}, failed {row[2]}" if row else ""))


# ---------------------------------------------------------------------------
# demo: the main job, end to end on the configured database
# ---------------------------------------------------------------------------
@main.command("demo")
@click.option("--project", default=None, help="Project name (default: a new demo-<suffix> project).")
def demo_cmd(project: str | None) -> None:
    """Run the whole workflow once, narrated: two agents, messages, a job, a reminder, knowledge.

    Uses DATABASE_URL, else the local database (`claude-gateway db up`); names are
    unique per run, so it can run again and again.
    """
    import claude_gateway

    from .demo import run_demo

    with _gateway() as gw:
        admin_dsn = resolve_admin_dsn()
        if admin_dsn == gw.dsn:
            run_demo(gw, click.echo, project=project)
            return
        try:  # the local cluster: the job is created as its superuser, the rest as its login
            admin = claude_gateway.connect(admin_dsn, min_size=1, max_size=2)
        except GatewayError as exc:
            _gateway_error(exc)
        with admin:
            run_demo(gw, click.echo, project=project, admin=admin)


def _register_commands() -> None:
    from .agents import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_commands()

from .cli_claude_code import register as _register_claude_code  # noqa: E402

_register_claude_code(main)

# maintain: claude.run_maintenance() for cron / systemd, or scheduled with pg_cron
from .maintenance import maintain_cmd  # noqa: E402 - registered after the shared helpers exist

main.add_command(maintain_cmd)

from .cli_web import web_cmd  # noqa: E402 - a command of its own module, registered here

main.add_command(web_cmd)

# ask / questions / answer: questions from agents to a human
from .cli_questions import COMMANDS as _QUESTION_COMMANDS  # noqa: E402

for _command in _QUESTION_COMMANDS:
    main.add_command(_command)

# ---------------------------------------------------------------------------
# file leases: lease, leases, release, guard, git-guard, install git-hook
# ---------------------------------------------------------------------------
from .cli_leases import register as _register_leases  # noqa: E402 - registers into `main` above

_register_leases(main)

if __name__ == "__main__":
    main()
