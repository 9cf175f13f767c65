"""Scheduled maintenance: `claude.run_maintenance()` on a schedule.

The schedule logic lives in one SQL function, `claude.run_maintenance()`
(expire messages, recover stale jobs, end abandoned sessions, archive old
activity).  Two ways to run it by itself:

- pg_cron, where the server has it (`shared_preload_libraries = 'pg_cron'`,
  `cron.database_name`): `claude-gateway maintain --install-pg-cron` creates
  the extension in pg_cron's database and schedules the job in ours;
- otherwise `claude-gateway maintain` from cron or a systemd timer (the unit
  files are in docs/OPERATIONS.md).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import click
import psycopg
from psycopg import conninfo

JOB_NAME = "claude-gateway-maintenance"
DEFAULT_SCHEDULE = "*/5 * * * *"
COMMAND = "SELECT * FROM claude.run_maintenance()"
DOCS = "docs/OPERATIONS.md (Maintenance on a schedule)"


class MaintenanceError(RuntimeError):
    """A scheduling problem, with a message that says what to do instead."""


@dataclass(frozen=True)
class PgCron:
    """Whether the server can run pg_cron jobs, and where its job table lives."""

    available: bool  # the extension is installed on the server (pg_available_extensions)
    preloaded: bool  # shared_preload_libraries has pg_cron
    database: str | None  # cron.database_name (None when pg_cron is not loaded)

    @property
    def usable(self) -> bool:
        return self.available and self.preloaded and self.database is not None

    def problem(self) -> str:
        if not self.available:
            return "the pg_cron extension is not installed on this server"
        if not self.preloaded:
            return "pg_cron is not in shared_preload_libraries"
        return "cron.database_name is not set"


def pg_cron_status(conn: psycopg.Connection[Any]) -> PgCron:
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron'),"
        "       'pg_cron' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'),"
        "                                                ' ', ''), ',')),"
        "       current_setting('cron.database_name', true)"
    ).fetchone()
    assert row is not None
    return PgCron(available=bool(row[0]), preloaded=bool(row[1]), database=row[2] or None)


def install_pg_cron(dsn: str, schedule: str = DEFAULT_SCHEDULE, job_name: str = JOB_NAME) -> int:
    """Schedule run_maintenance() with pg_cron; returns the job id.

    The job runs in this DSN's database as this DSN's user (the schema owner
    or a member of claude_admin).  Re-installing replaces the schedule.
    """
    with psycopg.connect(dsn, autocommit=True) as conn:
        status = pg_cron_status(conn)
        if not status.usable:
            raise MaintenanceError(
                f"pg_cron cannot run here: {status.problem()}. Run `claude-gateway maintain` "
                f"from cron or a systemd timer instead; see {DOCS}.")
        target = conn.execute("SELECT current_database(), current_user").fetchone()
        assert target is not None
        allowed = conn.execute(
            "SELECT has_function_privilege('claude.run_maintenance(interval, integer, interval)', 'EXECUTE')"
        ).fetchone()
        if not allowed or not allowed[0]:
            raise MaintenanceError(f"{target[1]} may not run claude.run_maintenance(): "
                                   "install the job as the schema owner or a member of claude_admin")
    cron_dsn = conninfo.make_conninfo(dsn, dbname=status.database)
    with psycopg.connect(cron_dsn, autocommit=True) as cron:
        cron.execute("CREATE EXTENSION IF NOT EXISTS pg_cron")
        cron.execute("SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = %s AND database = %s",
                     (job_name, target[0]))
        row = cron.execute(
            "SELECT cron.schedule_in_database(%s, %s, %s, %s, %s)",
            (job_name, schedule, COMMAND, target[0], target[1])).fetchone()
    assert row is not None
    return int(row[0])


def uninstall_pg_cron(dsn: str, job_name: str = JOB_NAME) -> int:
    """Remove the pg_cron job of this database; returns how many were removed."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        status = pg_cron_status(conn)
        dbname = conn.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    if not status.usable:
        raise MaintenanceError(f"pg_cron is not usable here: {status.problem()}")
    with psycopg.connect(conninfo.make_conninfo(dsn, dbname=status.database), autocommit=True) as cron:
        if cron.execute("SELECT to_regclass('cron.job')").fetchone() == (None,):
            return 0
        rows = cron.execute(
            "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = %s AND database = %s",
            (job_name, dbname)).fetchall()
    return len(rows)


@click.command("maintain")
@click.option("--install-pg-cron", "install", is_flag=True,
              help="Schedule the maintenance with pg_cron on the server (when it has pg_cron).")
@click.option("--uninstall-pg-cron", "uninstall", is_flag=True, help="Remove that pg_cron job.")
@click.option("--schedule", default=DEFAULT_SCHEDULE, show_default=True,
              help="The pg_cron schedule (cron syntax) for --install-pg-cron.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def maintain_cmd(install: bool, uninstall: bool, schedule: str, as_json: bool) -> None:
    """Run the periodic maintenance once (claude.run_maintenance(): expire messages,
    recover stale jobs, end abandoned sessions, archive old activity), for cron or a
    systemd timer; or schedule it with pg_cron (--install-pg-cron).  Admin only."""
    import json

    from . import cli
    from .localdb import resolve_dsn
    from .output import to_plain

    if install or uninstall:
        dsn = resolve_dsn()
        try:
            if install:
                job = install_pg_cron(dsn, schedule)
                data: Any = {"pg_cron_job": job, "schedule": schedule, "command": COMMAND}
                text = f"pg_cron job {job} ({JOB_NAME}) runs `{COMMAND}` on schedule '{schedule}'"
            else:
                removed = uninstall_pg_cron(dsn)
                data, text = {"removed": removed}, f"removed {removed} pg_cron job(s)"
        except MaintenanceError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except psycopg.Error as exc:
            cli._gateway_error(exc)
        click.echo(json.dumps(data) if as_json else text)
        return
    with cli._gateway() as gw:
        rows = gw.run_maintenance()
    data = [to_plain(r) for r in rows]
    if as_json:
        click.echo(json.dumps(data))
    else:
        click.echo(", ".join(f"{r['task']} {r['affected']}" for r in data))
