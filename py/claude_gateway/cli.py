"""The `claude-gateway` command line.

Every command that touches a database honours DATABASE_URL; without it, the
embedded local cluster (`claude-gateway db up`) is used.
"""

from __future__ import annotations

import json
import sys

import click

from .localdb import LocalDB, LocalDBError, database_url, resolve_dsn


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@db.command("down")
def db_down() -> None:
    """Stop the local cluster (its data stays)."""
    try:
        stopped = LocalDB().down()
    except LocalDBError as exc:
        _fail(str(exc))
    click.echo("local database stopped" if stopped else "local database was not running")


@db.command("url")
@click.option("--dbname", default=None, help="Another database on the same server.")
def db_url(dbname: str | None) -> None:
    """Print the DSN every command uses (DATABASE_URL, else the local cluster)."""
    env = database_url()
    if env and not dbname:
        click.echo(env)
        return
    if env and dbname:
        from psycopg.conninfo import make_conninfo

        click.echo(make_conninfo(env, dbname=dbname))
        return
    click.echo(LocalDB().cluster.url(dbname))


@db.command("env")
@click.option("--dbname", default=None, help="Another database on the same server.")
def db_env(dbname: str | None) -> None:
    """Print PGHOST/PGPORT/PGUSER/PGDATABASE exports for psql and pg_prove.

    Use: eval "$(claude-gateway db env)"; psql
    """
    import shlex

    from psycopg.conninfo import conninfo_to_dict

    dsn = resolve_dsn()
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
        info: dict[str, object] = {"database_url": database_url(), "local": False}
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

    dsn = resolve_dsn()
    try:
        if rollback_ or rollback_all:
            ids = m.rollback(dsn, all_=rollback_all)
            click.echo(f"rolled back {len(ids)} migration(s): {', '.join(ids) or '-'}")
            return
        result = m.migrate(dsn)
    except Exception as exc:  # noqa: BLE001 - report any failure with its cause
        _fail(f"migrate failed: {exc}")
    click.echo(
        f"applied {len(result.applied)} migration(s)"
        + (f": {', '.join(result.applied)}" if result.applied else "")
        + f"; re-applied {result.repeatable_files} source file(s)"
    )


# ---------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------
@main.command("status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def status_cmd(as_json: bool) -> None:
    """Show the database, the schema version and how many rows each table holds."""
    import psycopg

    from . import migrate as m

    dsn = resolve_dsn()
    try:
        with psycopg.connect(dsn, connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            tables = conn.execute(
                """
                SELECT c.relname, c.reltuples::bigint
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'claude' AND c.relkind = 'r'
                 ORDER BY c.relname
                """
            ).fetchall()
            counts = {}
            for (name, _) in tables:
                counts[name] = conn.execute(
                    f'SELECT count(*) FROM claude."{name}"'  # noqa: S608 - catalog names
                ).fetchone()[0]  # type: ignore[index]
    except psycopg.OperationalError as exc:
        _fail(f"cannot connect to {dsn}: {exc}".strip() + "\nhint: run `claude-gateway db up`")
    applied = m.applied_migrations(dsn)
    info = {"dsn": dsn, "server_version": version, "migrations": applied, "tables": counts}
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"database    {dsn}")
    click.echo(f"server      PostgreSQL {version}")
    click.echo(f"migrations  {len(applied)} applied ({', '.join(applied) or 'none'})")
    if not counts:
        click.echo("schema      claude is missing: run `claude-gateway migrate`")
    for name, count in counts.items():
        click.echo(f"  {name:24} {count:>8} rows")


# ---------------------------------------------------------------------------
# codegen (issue #7): the generated client and docs/API.md
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
def run_jobs_cmd(project_name: str | None, session_id: str | None) -> None:
    """Run the due jobs (at most 5) in priority order, with a line per job and a summary.

    Exits 1 when a job failed or timed out.
    """
    import psycopg

    from .runner import run_due_jobs

    dsn = resolve_dsn()
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            results = run_due_jobs(conn, project_name=project_name, session_id=session_id,
                                   echo=click.echo)
    except psycopg.Error as exc:
        _fail(str(exc).strip())
    if any(not r.ok for r in results):
        sys.exit(1)


# ---------------------------------------------------------------------------
# mcp (issue #8): the API as MCP tools over stdio
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
              "jobs, reminders, activity, knowledge, other) or tool names. Default: every tool.")
@click.option("--full-descriptions", is_flag=True,
              help="Whole COMMENT ON FUNCTION texts as descriptions (default: summary and errors).")
@click.option("--list-tools", is_flag=True,
              help="Print the tools/list JSON and its size in bytes, then exit (no database).")
def mcp_cmd(identity: str | None, project: str | None, role: str | None,
            tool_selection: str | None, full_descriptions: bool, list_tools: bool) -> None:
    """Run the MCP server over stdio: one tool per API function, plus execute_job."""
    from . import mcp_server

    try:
        functions = mcp_server.select(tool_selection)
    except mcp_server.UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    if list_tools:
        tools = mcp_server.tool_definitions(functions, bound=bool(identity),
                                            full=full_descriptions)
        text = json.dumps({"tools": tools}, ensure_ascii=False, separators=(",", ":"))
        click.echo(json.dumps({"tools": tools}, ensure_ascii=False, indent=2))
        click.echo(f"{len(tools)} tools, {len(text.encode())} bytes", err=True)
        return
    import anyio

    from .errors import GatewayError

    try:
        anyio.run(lambda: mcp_server.serve(
            None, identity=identity, project=project, tools=tool_selection,
            role=role or mcp_server.DEFAULT_ROLE, full=full_descriptions))
    except GatewayError as exc:
        _fail(f"mcp: {exc}")


if __name__ == "__main__":
    main()
