"""Edit guards: refuse to edit or commit paths another agent holds exclusively.

`claude-gateway guard` is a Claude Code PreToolUse hook for Edit, Write,
MultiEdit and NotebookEdit.  It reads the hook's JSON on stdin, turns the
tool's absolute `file_path` (`notebook_path`) into a path relative to the
project root (the git root above the hook's `cwd`), asks the database which
live leases of other identities overlap it (claude.check_paths), and

- denies the edit when another identity holds it exclusively, with Claude
  Code's documented PreToolUse output on stdout (exit 0):
  {"hookSpecificOutput": {"hookEventName": "PreToolUse",
   "permissionDecision": "deny", "permissionDecisionReason": "..."}}
  whose reason names the holder, the lease's reason and its expiry;
- allows everything else by printing nothing (exit 0): the normal permission
  flow goes on.  Any failure (no database, no project, a timeout) allows: a
  watchdog ends the process after FAIL_OPEN_AFTER seconds whatever happens.

`claude-gateway git-guard` is the same check for `git commit` (a pre-commit
hook installed by `claude-gateway install git-hook`): staged paths another
identity holds exclusively make the commit fail; `git commit --no-verify`
skips it.

Both run on every edit or commit, so the guard's path imports only modules
built into the interpreter (os, sys, _thread, time, select, _json) and ctypes:
one query goes through libpq directly (`_pq`), not through psycopg and the
generated client (importing psycopg alone would cost more than the whole
guard, bench/RESULTS.md "guard" rows); no json (it imports re), threading,
pathlib, or the local-cluster module (`localdb`).  The lean helpers (JSON,
names, the database URL, the hook's stdin) are fasthook.py's, which tests
hold equal to `hook_inputs` and `localdb`.  Claude Code starts it as
`<python> -I -S .../fasthook.py guard` (no site-packages, no package
__init__); `claude-gateway guard` runs the same main().
"""

from __future__ import annotations

import os
import sys

from .fasthook import (
    database_dsn,
    identity_from_env,
    local_identity_name,
    project_root,
    quote,
    read_hook_input,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: typing costs an import on every edit
    from collections.abc import Sequence
    from typing import Any

GUARDED_TOOLS = ("Edit", "Write", "MultiEdit", "NotebookEdit")
FAIL_OPEN_AFTER = 0.9  # seconds: Claude Code waits for a hook, the agent must not
REASON_LIMIT = 200  # characters of a lease's reason quoted to the model
SHOWN_CONFLICTS = 3

# One round trip: for each path, the exclusive live leases of other identities
# that overlap it (claude.check_paths).  The caller is the identity named $3
# (--identity, else $CLAUDE_GATEWAY_IDENTITY), else the one bound to this login
# (claude.whoami()), else the one named $4 (<user>@<host>): the order of
# hooks.default_identity_name.  Its active session, if any, leaves its own
# leases out.  Most edits touch paths nobody holds: `candidate`, check_paths'
# own literal-prefix filter over the project's exclusive live leases, gates
# the call (a one-time filter), so a fresh backend compiles no PL/pgSQL then.
# The paths come normalised as claude._lease_path writes them (`_normal`), so
# the filter sees what check_paths would see.
CONFLICTS_SQL = """
WITH candidate AS MATERIALIZED (
    SELECT 1 FROM claude.live_leases v
     WHERE v.project_name = $1 AND v.exclusive
       AND EXISTS (SELECT 1 FROM unnest($2::text[]) AS q(path)
                    WHERE starts_with(q.path, substring(v.path FROM '^[^*?]*'))
                       OR starts_with(v.path, substring(q.path FROM '^[^*?]*')))
     LIMIT 1)
SELECT p.path, c.identity_name::text, c.path::text, coalesce(c.reason::text, ''),
       to_char(c.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
  FROM unnest($2::text[]) WITH ORDINALITY AS p(path, n)
 CROSS JOIN LATERAL claude.check_paths(
           project_name => $1,
           paths => ARRAY[p.path],
           session_id => (SELECT s.session_id FROM claude.active_sessions s
                           WHERE s.identity_name = coalesce(
                                 $3::text,
                                 (SELECT i.identity_name FROM claude.identities i
                                   WHERE i.identity_id = claude.whoami()),
                                 $4::text)
                           LIMIT 1)) AS c
 WHERE c.exclusive AND EXISTS (SELECT 1 FROM candidate)
 ORDER BY p.n, c.path
"""


# ---------------------------------------------------------------------------
# what is being edited, where, by whom
# ---------------------------------------------------------------------------
def relative_path(path: str, root: str, cwd: str) -> str | None:
    """`path` relative to the project root, or None when it lies outside it."""
    full = path if os.path.isabs(path) else os.path.join(cwd, path)
    full = os.path.realpath(os.path.expanduser(full))
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive
        return None
    if rel == "." or rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


def normal(path: str) -> str:
    """A relative path as claude._lease_path normalises it (trimmed, no empty or '.' segments);
    '' for the root."""
    path = path.strip(" \t\n\r\u00a0")
    return "/".join(s for s in path.split("/") if s not in ("", "."))


def tool_paths(hook: dict[str, Any]) -> list[str]:
    """The file paths a PreToolUse call of a guarded tool would write."""
    if hook.get("tool_name") not in GUARDED_TOOLS:
        return []
    tool_input = hook.get("tool_input")
    if not isinstance(tool_input, dict):
        return []
    paths = [tool_input.get(key) for key in ("file_path", "notebook_path")]
    return [p for p in paths if isinstance(p, str) and p.strip()]


def project_name(explicit: str | None, root: str) -> str:
    return explicit or os.path.basename(root) or root


def _array(items: Sequence[str]) -> str:
    """A PostgreSQL text[] literal."""
    return "{" + ",".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items) + "}"


def conflicts(dsn: str, project: str, paths: Sequence[str], identity: str | None) -> list[dict[str, str]]:
    """The exclusive leases of other identities over `paths`, one entry per (path, lease);
    `identity` None: $CLAUDE_GATEWAY_IDENTITY, else the login's, else <user>@<host>."""
    from ._pq import QueryError, query

    paths = [n for n in (normal(p) for p in paths) if n]
    if not paths:
        return []
    try:
        rows = query(dsn, CONFLICTS_SQL, [project, _array(paths), identity or identity_from_env(),
                                          local_identity_name()])
    except QueryError as exc:
        if exc.sqlstate == "P0002":  # the project has never had a session: nobody holds anything
            return []
        raise
    return [{"path": r[0] or "", "holder": r[1] or "?", "lease": r[2] or "", "reason": r[3] or "",
             "expires": r[4] or ""} for r in rows]


def describe(found: Sequence[dict[str, str]]) -> str:
    """One sentence per conflict, bounded, for the model and for people."""
    parts = []
    for c in found[:SHOWN_CONFLICTS]:
        reason = c["reason"].strip()
        if len(reason) > REASON_LIMIT:
            reason = reason[: REASON_LIMIT - 1] + "…"
        lease = "" if c["lease"] == c["path"] else f" (lease on '{c['lease']}')"
        parts.append(f"'{c['path']}' is leased exclusively by {c['holder']}{lease} until {c['expires']}"
                     + (f"; reason: {reason}" if reason else ""))
    more = len(found) - SHOWN_CONFLICTS
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


# ---------------------------------------------------------------------------
# the PreToolUse hook
# ---------------------------------------------------------------------------
def deny_output(reason: str) -> str:
    """Claude Code's PreToolUse output that denies the tool call, with the reason shown to Claude."""
    return ('{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", '
            f'"permissionDecisionReason": {quote(reason)}}}}}')


def decide(hook: dict[str, Any], *, dsn: str, identity: str | None = None,
           project: str | None = None) -> str | None:
    """The deny reason for this PreToolUse call, or None to allow it."""
    paths = tool_paths(hook)
    if not paths:
        return None
    cwd = str(hook.get("cwd") or os.getcwd())
    root = project_root(cwd)
    relative = [r for r in (relative_path(p, root, cwd) for p in paths) if r]
    if not relative:
        return None
    found = conflicts(dsn, project_name(project, root), relative, identity)
    if not found:
        return None
    holders = sorted({c["holder"] for c in found})
    return (f"claude-gateway: {describe(found)}. Do not edit it now: work on something else, wait until "
            f"the lease is released or expires, or ask {', '.join(holders)} (e.g. `claude-gateway send "
            f"--to {holders[0]} --subject ... --body ...`). `claude-gateway leases` lists the leases.")


def _watchdog(seconds: float) -> None:
    """Fail open: whatever hangs (DNS, a server that does not answer), allow after `seconds`
    (a bare _thread: threading costs an import on every edit)."""
    import _thread
    import time

    def expire() -> None:
        time.sleep(seconds)
        try:
            os.write(2, f"claude-gateway guard: no answer within {seconds:g}s; allowing\n".encode())
        finally:
            os._exit(0)

    _thread.start_new_thread(expire, ())


def run_pretooluse(identity: str | None = None, project: str | None = None,
                   timeout: float = FAIL_OPEN_AFTER) -> int:
    """The `claude-gateway guard` process: print the deny JSON or nothing; always exit 0."""
    _watchdog(timeout)
    try:
        hook = read_hook_input(min(0.3, timeout / 2))
        if not tool_paths(hook):
            return 0
        reason = decide(hook, dsn=database_dsn(), identity=identity, project=project)
    except Exception as exc:  # noqa: BLE001 - a guard never blocks on its own failure
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"claude-gateway guard: {first[:300]}; allowing\n")
        return 0
    if reason:
        sys.stdout.write(deny_output(reason) + "\n")
        sys.stdout.flush()
    return 0


def main(argv: Sequence[str]) -> int:
    """`claude-gateway guard [--identity NAME] [--project NAME] [--timeout S]` without click (lean)."""
    options: dict[str, str] = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            sys.stdout.write(__doc__ or "")
            return 0
        key, _, value = arg.partition("=")
        if key in ("--identity", "--project", "--timeout"):
            if not value:
                value = args.pop(0) if args else ""
            options[key[2:]] = value
        else:
            sys.stderr.write(f"claude-gateway guard: unknown argument {arg!r}; allowing\n")
    try:
        timeout = min(float(options.get("timeout") or FAIL_OPEN_AFTER), FAIL_OPEN_AFTER)
    except ValueError:
        timeout = FAIL_OPEN_AFTER
    return run_pretooluse(options.get("identity") or None, options.get("project") or None, timeout)


# ---------------------------------------------------------------------------
# the git pre-commit hook
# ---------------------------------------------------------------------------
def staged_paths(root: str) -> list[str]:
    """Paths the commit would add, change or delete (renames as both ends), relative to the root."""
    import subprocess

    out = subprocess.run(["git", "diff", "--cached", "--name-only", "--no-renames", "-z"],
                         cwd=root, capture_output=True, check=True).stdout
    return [p for p in out.decode("utf-8", errors="surrogateescape").split("\0") if p]


def run_git_precommit(identity: str | None = None, project: str | None = None) -> int:
    """The pre-commit check: 1 (with the conflicts on stderr) when a staged path is held
    exclusively by another identity; 0 otherwise, and 0 with a warning when it cannot check."""
    import subprocess

    try:
        root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                              check=True).stdout.strip()
        paths = staged_paths(root)
        if not paths:
            return 0
        found = conflicts(database_dsn(), project_name(project, root), paths, identity)
    except Exception as exc:  # noqa: BLE001 - the check must not stand in the way of a commit it cannot make
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"claude-gateway git-guard: cannot check leases ({first[:300]}); "
                         "committing anyway\n")
        return 0
    if not found:
        return 0
    holders = sorted({c["holder"] for c in found})
    lines = [f"claude-gateway: this commit touches {len({c['path'] for c in found})} path(s) another agent "
             "holds exclusively:"]
    for c in found[:20]:
        lines.append(f"  {c['path']}: {describe([c])}")
    if len(found) > 20:
        lines.append(f"  ... and {len(found) - 20} more")
    lines.append(f"Ask {', '.join(holders)} to release them, wait until the leases expire, unstage them "
                 "(git restore --staged PATH), or commit anyway with `git commit --no-verify`.")
    sys.stderr.write("\n".join(lines) + "\n")
    return 1
