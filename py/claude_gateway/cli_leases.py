"""CLI commands for file leases: `lease`, `leases`, `release`, the edit guards
(`guard`, `git-guard`) and `install git-hook`.

Paths are globs relative to the project root, as in claude.acquire_lease; an
absolute path is taken relative to the git root of the working directory.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import click

IDENTITY_HELP = "This agent's identity (default: $CLAUDE_GATEWAY_IDENTITY, else <user>@<host>)."
LEASE_COLUMNS = [("path", "path"), ("exclusive", "exclusive"), ("identity_name", "holder"),
                 ("expires_at", "expires"), ("reason", "reason"), ("lease_id", "id")]


def _identity_option(func: Any) -> Any:
    return click.option("--identity", default=None, help=IDENTITY_HELP)(func)


def _json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(func)


def _root_relative(path: str) -> str:
    """An absolute path becomes relative to the project root; anything else is passed on as given."""
    from .fasthook import project_root
    from .guard import relative_path

    if not os.path.isabs(path):
        return path
    root = project_root(os.getcwd())
    rel = relative_path(path, root, os.getcwd())
    if rel is None:
        raise click.UsageError(f"{path} is outside the project root {root}")
    return rel + ("/" if path.endswith("/") else "")


# ---------------------------------------------------------------------------
# lease / leases / release
# ---------------------------------------------------------------------------
@click.command("lease")
@click.argument("paths", nargs=-1, required=True)
@click.option("--shared", is_flag=True, help="A shared lease (others may share it too); default: exclusive.")
@click.option("--ttl", "ttl_seconds", type=click.IntRange(1, 86400), default=3600, show_default=True,
              help="Seconds until it expires (renew by leasing again).")
@click.option("--reason", default=None, help="Why you hold the paths (shown to the others).")
@_identity_option
@_json_option
def lease_cmd(paths: tuple[str, ...], shared: bool, ttl_seconds: int, reason: str | None,
              identity: str | None, as_json: bool) -> None:
    """Lease PATHS (globs relative to the project root: *, **, ?) for the identity's session.

    Refused (with the holder, the path and the expiry) when another agent holds an
    overlapping path, unless both leases are shared. Leasing a path you hold extends it.
    """
    from .cli import _emit, _gateway, _session_of
    from .output import table, to_plain

    wanted = [_root_relative(p) for p in paths]
    with _gateway() as gw:
        session_id = _session_of(gw, identity)
        rows = [to_plain(r) for r in gw.acquire_lease(
            session_id=session_id, paths=wanted, exclusive=not shared, ttl_seconds=ttl_seconds,
            reason=reason)]
    _emit(as_json, rows, lambda: table(rows, [c for c in LEASE_COLUMNS if c[0] != "identity_name"], 60))


@click.command("leases")
@click.option("--project", default=None,
              help="This project (default: the git root's name of the working directory).")
@click.option("--all-projects", is_flag=True, help="Every project's leases.")
@click.option("--path", "paths", multiple=True,
              help="Only leases overlapping this path or glob (repeatable).")
@_json_option
def leases_cmd(project: str | None, all_projects: bool, paths: tuple[str, ...], as_json: bool) -> None:
    """List the live leases (the claude.live_leases view): who holds which paths, until when."""
    from .cli import _emit, _gateway
    from .hook_inputs import project_from_directory
    from .output import table, to_plain

    project = None if all_projects else (project or project_from_directory())
    with _gateway() as gw:
        if paths and project:
            rows = [to_plain(r) for r in gw.check_paths(project_name=project,
                                                        paths=[_root_relative(p) for p in paths])]
        else:
            with gw.connection() as conn:
                cur = conn.execute("SELECT * FROM claude.live_leases WHERE %(p)s::text IS NULL"
                                   " OR project_name = %(p)s ORDER BY project_name, path, identity_name",
                                   {"p": project})
                names = [d.name for d in cur.description or []]
                rows = [to_plain(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
    columns = LEASE_COLUMNS if project else [("project_name", "project"), *LEASE_COLUMNS]
    _emit(as_json, rows, lambda: table(rows, columns, 60))


@click.command("release")
@click.argument("leases", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every lease of the identity's session.")
@_identity_option
@_json_option
def release_cmd(leases: tuple[str, ...], all_: bool, identity: str | None, as_json: bool) -> None:
    """Release leases: by id, by the path you leased (as listed by `leases`), or --all of them."""
    from .cli import _emit, _gateway, _session_of

    if not leases and not all_:
        raise click.UsageError("name the leases to release (ids or paths), or pass --all")
    released: list[str] = []
    with _gateway() as gw:
        session_id = _session_of(gw, identity)
        if all_:
            count = gw.release_leases(session_id=session_id)
            _emit(as_json, {"released": count}, lambda: f"released {count} lease(s)")
            return
        mine: dict[str, Any] = {}
        with gw.connection() as conn:
            for held_id, path in conn.execute(
                    "SELECT lease_id, path FROM claude.live_leases WHERE session_id = %s", (session_id,)):
                mine[path] = held_id
        for item in leases:
            try:
                lease_id: Any = UUID(item)
            except ValueError:
                lease_id = mine.get(_root_relative(item).removeprefix("./"))
                if lease_id is None:
                    held = ", ".join(sorted(mine)) or "none"
                    raise click.UsageError(f"you hold no live lease on {item!r} (you hold: {held})") from None
            gw.release_lease(lease_id=lease_id)
            released.append(str(lease_id))
    _emit(as_json, {"released": released}, lambda: f"released {len(released)} lease(s)")


# ---------------------------------------------------------------------------
# the guards
# ---------------------------------------------------------------------------
@click.command("guard", context_settings={"ignore_unknown_options": True})
@click.option("--identity", default=None, help=IDENTITY_HELP)
@click.option("--project", default=None,
              help="Project name (default: the git root's name of the hook's cwd).")
@click.option("--timeout", type=float, default=0.9, show_default=True,
              help="Allow after this many seconds (at most 0.9).")
def guard_cmd(identity: str | None, project: str | None, timeout: float) -> None:
    """Claude Code PreToolUse hook for Edit, Write, MultiEdit, NotebookEdit: deny editing a path
    another agent holds exclusively; allow everything else; fail open.

    Reads the hook's JSON on stdin. (The executable runs this without loading the CLI.)
    """
    from .guard import run_pretooluse

    sys.exit(run_pretooluse(identity, project, min(timeout, 0.9)))


@click.command("git-guard")
@click.option("--identity", default=None, help=IDENTITY_HELP)
@click.option("--project", default=None, help="Project name (default: the git root's name).")
def git_guard_cmd(identity: str | None, project: str | None) -> None:
    """git pre-commit check: refuse the commit when a staged path is held exclusively by another agent.

    `git commit --no-verify` skips it. A database that cannot be reached allows the commit (warning).
    """
    from .guard import run_git_precommit

    sys.exit(run_git_precommit(identity, project))


HOOK_MARK = "# claude-gateway git-guard"


def hook_script(exe: str, identity: str | None) -> str:
    import shlex

    args = f" --identity {shlex.quote(identity)}" if identity else ""
    return ("#!/bin/sh\n"
            f"{HOOK_MARK}: refuses staged paths another agent holds exclusively (claude-gateway leases).\n"
            "# Skip it once with `git commit --no-verify`.\n"
            f"exec {shlex.quote(exe)} git-guard{args}\n")


def install_git_hook(directory: str | None, identity: str | None, force: bool, exe: str) -> Path:
    """Write the pre-commit hook of the repository at `directory`; return its path."""
    import subprocess

    try:
        hooks_dir = subprocess.run(["git", "rev-parse", "--git-path", "hooks"], cwd=directory or None,
                                   capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise click.ClickException(f"not a git repository: {directory or os.getcwd()}") from exc
    path = Path(directory or os.getcwd()) / hooks_dir / "pre-commit"
    if path.exists() and HOOK_MARK not in path.read_text(errors="replace") and not force:
        raise click.ClickException(f"{path} exists and is not ours; pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hook_script(exe, identity))
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def _executable() -> str:
    here = Path(sys.executable).parent / "claude-gateway"
    if here.exists():
        return str(here)
    import shutil

    return shutil.which("claude-gateway") or "claude-gateway"


@click.command("git-hook")  # a command of `install` (cli_claude_code.install_group; cli._LAZY)
@click.option("--dir", "directory", default=None, help="The repository (default: the working directory).")
@click.option("--identity", default=None,
              help="Identity to check as (default at commit time: $CLAUDE_GATEWAY_IDENTITY, "
              "else <user>@<host>).")
@click.option("--force", is_flag=True, help="Replace a pre-commit hook that is not ours.")
def install_git_hook_cmd(directory: str | None, identity: str | None, force: bool) -> None:
    """Install the pre-commit hook that refuses staged paths another agent holds exclusively."""
    path = install_git_hook(directory, identity, force, _executable())
    click.echo(f"installed {path} (skip it once with `git commit --no-verify`)")
