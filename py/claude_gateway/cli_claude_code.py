"""CLI commands for Claude Code: `install claude-code`, `hook prompt|stop`, `inbox --follow`'s loop."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click


@click.group("install")
def install_group() -> None:
    """Wire claude-gateway into a client (hooks and MCP server)."""


@install_group.command("claude-code")
@click.option("--scope", type=click.Choice(["project", "user"]), default="project", show_default=True,
              help="project: <dir>/.claude/settings.json and <dir>/.mcp.json; "
                   "user: ~/.claude/settings.json and ~/.claude.json.")
@click.option("--identity", default=None,
              help="Identity of the agent (default at run time: $CLAUDE_GATEWAY_IDENTITY, "
                   "else <user>@<host>).")
@click.option("--project", default=None,
              help="Project name (default at run time: the git root's name of Claude Code's directory).")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The project directory for --scope project (default: the current directory).")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--uninstall", is_flag=True, help="Remove our hooks and MCP server; keep everything else.")
def install_claude_code(scope: str, identity: str | None, project: str | None, directory: Path | None,
                        dry_run: bool, uninstall: bool) -> None:
    """Merge the claude-gateway hooks into Claude Code's settings.json and the MCP server into
    .mcp.json (project) or ~/.claude.json (user).

    Everything else in those files is kept; running it again changes nothing.
    Hooks: SessionStart (startup; compact and resume go on in the same session),
    UserPromptSubmit and PostToolUse (new mail, rate-limited), Stop (idle), SessionEnd.
    The MCP server is attached to the hooks' session (`mcp --attach`): it never starts
    or ends a session itself.
    """
    from . import claude_code

    base = (directory or Path.cwd()).absolute()
    try:
        changes = claude_code.plan(scope, base, identity=identity, project=project, uninstall=uninstall)
        if not dry_run:
            claude_code.apply(changes)
    except claude_code.InstallError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    verb = "would change" if dry_run else "changed"
    for change in changes:
        if change.changed:
            click.echo(f"{verb} {change.path}:")
            for line in change.describe():
                click.echo(f"  {line}")
        else:
            click.echo(f"unchanged {change.path}")


@click.command("hook", context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                         "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def hook_cmd(args: tuple[str, ...]) -> None:
    """Mid-session hooks: `hook prompt` (UserPromptSubmit/PostToolUse: new mail as context,
    --min-interval SECONDS, --limit N) and `hook stop` (Stop: the agent is idle).

    Options: --identity NAME, --project P.  They never block: failures print nothing.
    """
    from .fasthook import main as hook_main

    sys.exit(hook_main(["hook", *args]))


def follow_inbox(identity: str | None, as_json: bool, echo: Any) -> None:
    """`inbox --follow`: print each new message for me as it arrives (LISTEN claude_messages),
    and, for a human overseer, each question awaiting an answer (LISTEN claude_questions).

    Survives a server restart: the connection is opened again (with a pause) and
    the inbox is read again, so nothing that arrived meanwhile is missed.
    Messages are printed once each (by id) for the life of the command.
    """
    import json
    import time

    import psycopg

    import claude_gateway

    from .cli_questions import QuestionFollower
    from .hooks import active_session
    from .output import to_plain
    from .pooler import listen_connection

    seen: set[str] = set()
    first = True
    pause = 0.5
    while True:
        try:
            with claude_gateway.connect(connect_timeout=3, min_size=1, max_size=1) as gw:
                _, session_id = active_session(gw, identity)
                # LISTEN needs a session connection: DATABASE_SESSION_URL behind a pooler.
                with listen_connection(gw.dsn, connect_timeout=3) as listener:
                    listener.execute("LISTEN claude_messages")
                    # a human overseer also sees the questions agents ask
                    questions = QuestionFollower(listener, as_json, echo)
                    pause = 0.5
                    while True:
                        questions.poll(gw)
                        rows = gw.get_pending_messages(session_id=session_id)
                        for row in rows:
                            key = str(row.message_id)
                            if key in seen:
                                continue
                            seen.add(key)
                            if first:
                                continue  # what was already there when --follow started
                            data = to_plain(row)
                            if as_json:
                                echo(json.dumps(data, ensure_ascii=False))
                            else:
                                echo(f"[{data['priority']}] {data['message_type']} from "
                                     f"{data.get('from_identity_name') or '?'}: {data['subject']} — "
                                     f"{' '.join(str(data['body']).split())[:300]} (id {data['message_id']})")
                        if first:
                            echo(f"following the inbox of session {session_id} "
                                 f"({len(seen)} pending already; Ctrl-C stops)", err=True)
                            first = False
                        # wait for a notification (or 30 s: the inbox is re-read anyway)
                        for _ in listener.notifies(timeout=30.0, stop_after=1):
                            pass
        except KeyboardInterrupt:
            return
        except claude_gateway.GatewayError as exc:
            if not isinstance(exc, claude_gateway.Unavailable) and exc.sqlstate is None \
                    or isinstance(exc, claude_gateway.NotFound):
                raise  # no such identity or no active session: nothing to follow
            echo(f"warning: {exc.message}; reconnecting", err=True)
            time.sleep(pause)
            pause = min(pause * 2, 10.0)
        except psycopg.Error as exc:
            first_line = (str(exc).strip().splitlines() or ["connection lost"])[0]
            echo(f"warning: {first_line}; reconnecting", err=True)
            time.sleep(pause)
            pause = min(pause * 2, 10.0)


def register(main: click.Group) -> None:
    main.add_command(install_group)
    main.add_command(hook_cmd)
