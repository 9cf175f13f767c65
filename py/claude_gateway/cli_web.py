"""`claude-gateway web`: Mission Control Web (the `web` extra)."""

from __future__ import annotations

import ipaddress
import os

import click

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("web")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback requires CLAUDE_GATEWAY_WEB_PASSWORD.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--dsn",
    default=None,
    help="Database to read (a claude_reader login). Default: DATABASE_READ_URL, else DATABASE_URL, "
    "else the local database.",
)
def web_cmd(host: str, port: int, dsn: str | None) -> None:
    """Serve Mission Control Web: activity, messages, agents, scheduler, reminders, knowledge.

    It reads over the reader's views; new activity and messages appear without a
    reload (LISTEN/NOTIFY, pushed over Server-Sent Events).  A human overseer signs
    in with their own PostgreSQL login (a member of claude_overseer; PostgreSQL checks
    the password) to send, broadcast and answer the questions agents ask.  Bound to loopback by
    default; on any other address it asks for HTTP Basic credentials
    (CLAUDE_GATEWAY_WEB_USER, default `overseer`, and CLAUDE_GATEWAY_WEB_PASSWORD).
    """
    try:
        import uvicorn

        from .web import create_app
    except ImportError as exc:
        raise click.ClickException(
            f"the web dashboard needs the web extra ({exc.name} is missing): "
            "pip install 'claude-gateway[web]'"
        ) from exc
    from .localdb import resolve_dsn

    password = os.environ.get("CLAUDE_GATEWAY_WEB_PASSWORD") or None
    if not is_loopback(host) and not password:
        raise click.ClickException(
            f"refusing to serve on {host} without credentials: set CLAUDE_GATEWAY_WEB_PASSWORD "
            "(and CLAUDE_GATEWAY_WEB_USER), or bind to 127.0.0.1"
        )
    target = dsn or os.environ.get("DATABASE_READ_URL") or resolve_dsn(None)
    # Overseers sign in on the primary (they write), with their own login.
    writer = dsn or resolve_dsn(None)
    app = create_app(
        target,
        user=os.environ.get("CLAUDE_GATEWAY_WEB_USER") or "overseer",
        password=password,
        overseer_dsn=writer,
    )
    click.echo(f"Mission Control Web on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    # Open event streams end with the server: do not wait for them on Ctrl-C.
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=1)
