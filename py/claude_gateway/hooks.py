"""The Claude Code hooks (`claude-gateway startup` / `end`) and what the CLI's
people commands share: identity and project resolution, the session state
file, the client-side reminder checks, and output formatting.

Everything here is a thin layer over the generated client; the database does
the work (claude.session_startup, claude.process_due_reminders, ...).  Only the
file_exists reminder check and running session_end jobs happen on this machine.

State file: `startup` remembers the session it started in
`$XDG_CACHE_HOME/claude-gateway/sessions/<identity>@<project>.json` (default
`~/.cache/...`), with the Claude Code session id from the hook's JSON, so that
`end` ends the session this Claude Code session started and not one that a
newer startup of the same identity has opened since.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from .errors import GatewayError, InvalidState, NotFound
from .hook_inputs import (  # noqa: F401 - re-exported: the CLI and tests use them from here
    IDENTITY_ENV,
    clear_state,
    hook_cwd,
    load_state,
    project_from_directory,
    read_hook_input,
    save_state,
    state_dir,
    state_path,
)
from .hook_inputs import default_identity_name as _name_from_environment

if TYPE_CHECKING:
    from .client import Gateway

PLATFORM = "claude-code"


# ---------------------------------------------------------------------------
# inputs: the hook's JSON, identity, project
# ---------------------------------------------------------------------------
def default_identity_name(gw: Gateway | None = None) -> str:
    """CLAUDE_GATEWAY_IDENTITY, else (given a gateway) the identity bound to its login
    (claude.whoami()), else `<user>@<host>`."""
    env = os.environ.get(IDENTITY_ENV, "").strip()
    if env:
        return env
    if gw is not None:
        bound = bound_identity(gw)
        if bound is not None:
            return bound[1]
    return _name_from_environment()


def bound_identity(gw: Gateway) -> tuple[UUID, str] | None:
    """(identity_id, name) of the active identity bound to the connection's login, or None."""
    me = gw.whoami()
    if me is None:
        return None
    for row in gw.get_active_identities():
        if row.identity_id == me:
            return row.identity_id, row.identity_name
    return None


def find_identity(gw: Gateway, name: str) -> UUID | None:
    """The id of the active identity called `name`, or None."""
    return gw.get_identity_id(identity_name=name)


def resolve_identity(gw: Gateway, name: str, *, register: bool = False,
                     role_description: str | None = None) -> UUID:
    """The active identity `name`; registered (platform claude-code) when `register` and unknown
    (claude.ensure_identity: a login bound to another identity registers nothing, 42501)."""
    if register:
        return gw.ensure_identity(
            identity_name=name, platform=PLATFORM,
            role_description=role_description or "Claude Code agent (registered by claude-gateway startup)",
        )
    found = find_identity(gw, name)
    if found is None:
        raise NotFound(f"no active identity is called {name!r}",
                       hint="Start a session with `claude-gateway startup --identity NAME` "
                       "(it registers the identity), or pick one from `claude-gateway identities`.")
    return found


def active_session(gw: Gateway, identity: str | None) -> tuple[UUID, UUID]:
    """(identity_id, session_id) of the identity's active session; an error naming the fix when none."""
    name = identity or default_identity_name(gw)
    identity_id = resolve_identity(gw, name)
    session_id = gw.get_active_session(identity_id=identity_id)
    if session_id is None:
        raise GatewayError(f"identity {name!r} has no active session",
                           hint=f"Start one with `claude-gateway startup --identity {name}`.")
    return identity_id, session_id


# ---------------------------------------------------------------------------
# reminder checks on the client
# ---------------------------------------------------------------------------
def set_statement_timeout(gw: Gateway, seconds: float) -> None:
    """SET LOCAL statement_timeout on a transaction's gateway."""
    with gw.connection() as conn:
        conn.execute("SELECT set_config('statement_timeout', %s, true)", (f"{int(seconds * 1000)}ms",))


def file_condition_path(condition: str, base: str | None) -> Path:
    path = Path(os.path.expandvars(condition.strip())).expanduser()
    if not path.is_absolute() and base:
        path = Path(base) / path
    return path


def check_reminders(gw: Gateway, project: str, *, timeout: float = 2.0,
                    cwd: str | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Run the automatic reminder checks of a project; return (outcomes, warnings).

    Each due reminder is processed on its own (claude.process_reminder), in its own
    statement under a statement timeout of `timeout` seconds, so a slow or failing
    condition is charged to its reminder only (and so is rescheduled, then expires).
    All the checks together get 3 * `timeout`: reminders not reached within it are
    left for the next start (outcome not_checked).
    sql_query/table_empty conditions run in the database as the role claude_condition;
    file_exists: the path (relative to `cwd`) is checked here, then the reminder is
    completed or rescheduled.  manual reminders are left to the user (outcome manual).
    """
    warnings: list[str] = []
    outcomes: list[dict[str, Any]] = []
    try:
        due = gw.get_due_reminders(project_name=project)
    except GatewayError as exc:
        return [], [f"automatic reminder checks failed: {exc.message}"]
    deadline = time.monotonic() + 3 * timeout
    for reminder in due:
        left = min(timeout, deadline - time.monotonic())
        item: dict[str, Any] = {"reminder_id": reminder.reminder_id, "title": reminder.title,
                                "check_type": reminder.check_type, "outcome": "not_checked", "error": None}
        outcomes.append(item)
        if left < 0.05:
            continue
        try:
            with gw.transaction() as tx:
                set_statement_timeout(tx, left)
                row = tx.process_reminder(reminder_id=reminder.reminder_id)
        except GatewayError as exc:
            item["outcome"], item["error"] = "error", exc.message
            warnings.append(f"reminder {reminder.title!r}: {exc.message}")
            continue
        if row is None:
            continue
        item["outcome"], item["error"] = row.outcome, row.error
        if row.outcome == "needs_client" and row.check_type == "file_exists" and row.check_condition \
                and row.reminder_id is not None:
            path = file_condition_path(row.check_condition, cwd)
            try:
                if path.exists():
                    gw.complete_reminder(reminder_id=row.reminder_id)
                    item["outcome"] = "done"
                else:
                    gw.reschedule_reminder(reminder_id=row.reminder_id, only_if_due=True)
                    count = (row.reminder_count or 0) + 1
                    item["outcome"] = "expired" if count >= (row.max_reminders or 0) else "rescheduled"
                item["path"] = str(path)
            except GatewayError as exc:  # changed meanwhile by someone else
                item["outcome"], item["error"] = "skipped", exc.message
        elif row.outcome == "needs_client":
            item["outcome"] = "manual"
        if item["outcome"] in ("error", "timed_out"):
            warnings.append(f"reminder {row.title!r}: {row.error}")
    return outcomes, warnings


# ---------------------------------------------------------------------------
# startup and end
# ---------------------------------------------------------------------------
def startup(gw: Gateway, identity: str, project: str, *, project_schema: str | None = None,
            timeout: float = 2.0, cwd: str | None = None, hook: Mapping[str, Any] | None = None,
            check: bool = True) -> dict[str, Any]:
    """Register the identity if new, call claude.session_startup, run the reminder checks,
    remember the session in the state file; return the bundle plus `reminder_checks`,
    `warnings` and `state_file`."""
    identity_id = resolve_identity(gw, identity, register=True)
    with gw.transaction() as tx:
        set_statement_timeout(tx, max(timeout, 1.0) * 2)
        bundle: dict[str, Any] = tx.session_startup(identity_id=identity_id, project_name=project,
                                                    project_schema=project_schema)
    warnings: list[str] = []
    checks: list[dict[str, Any]] = []
    if check and bundle.get("due_reminders"):
        checks, warnings = check_reminders(gw, project, timeout=timeout, cwd=cwd)
    bundle["reminder_checks"] = checks
    bundle["warnings"] = warnings
    hook = hook or {}
    path = save_state(identity, project, {
        "session_id": bundle["session_id"], "identity_id": str(identity_id), "identity": identity,
        "project": project, "claude_session_id": hook.get("session_id"),
        "started_at": datetime.now(UTC).isoformat(),
    })
    bundle["state_file"] = str(path) if path else None
    return bundle


def resume(gw: Gateway, identity: str, project: str, *, hook: Mapping[str, Any] | None = None,
           ) -> dict[str, Any] | None:
    """SessionStart after a compaction or a resume: the bounded context of the session that goes on
    (claude.session_context; nothing is ended or started), or None when this identity has no
    active session to go on with (then a new one is started as at startup)."""
    hook = hook or {}
    state = load_state(identity, project)
    candidates: list[Any] = []
    if state.get("session_id"):
        candidates.append(state["session_id"])
    identity_id = find_identity(gw, identity)
    if identity_id is not None:
        active = gw.get_active_session(identity_id=identity_id)
        if active is not None and str(active) not in map(str, candidates):
            candidates.append(active)
    for session_id in candidates:
        try:
            bundle: dict[str, Any] = gw.session_context(session_id=UUID(str(session_id)))
        except (NotFound, InvalidState):
            continue  # ended (SessionEnd of the earlier run) or superseded
        if identity_id is not None and str(bundle.get("identity_id")) != str(identity_id):
            continue
        save_state(identity, project, {
            **state, "session_id": bundle["session_id"], "identity_id": str(bundle["identity_id"]),
            "identity": identity, "project": project,
            "claude_session_id": hook.get("session_id") or state.get("claude_session_id"),
        })
        bundle["resumed"] = str(hook.get("source") or "resume")
        bundle.setdefault("warnings", [])
        return bundle
    return None


def end(gw: Gateway, identity: str, project: str | None, *, summary: str,
        tasks: Iterable[str] = (), learnings: Iterable[str] = (), challenges: Iterable[str] = (),
        session_id: UUID | str | None = None, hook: Mapping[str, Any] | None = None,
        run_jobs: bool = True) -> dict[str, Any]:
    """End the identity's session and run its project's session_end jobs; return what happened."""
    hook = hook or {}
    identity_id = resolve_identity(gw, identity)
    result: dict[str, Any] = {"identity": identity, "identity_id": str(identity_id), "project": project,
                              "session_id": None, "ended": False, "jobs": [], "note": None}
    state = load_state(identity, project) if project else {}
    active = gw.get_active_session(identity_id=identity_id)
    if session_id is None:
        claude_id = hook.get("session_id")
        if claude_id and state.get("claude_session_id") and state["claude_session_id"] != claude_id:
            result["note"] = ("a newer Claude Code session of this identity started since; "
                              "its gateway session is left running")
            return result
        if claude_id and state.get("session_id") and active is not None \
                and str(active) != str(state["session_id"]):
            result["note"] = ("the session this Claude Code session started was superseded by a newer "
                              "one, which is left running")
            return result
        session_id = active
    if session_id is None:
        raise GatewayError(f"identity {identity!r} has no active session",
                           hint="Nothing to end; `claude-gateway startup` starts one.")
    session_id = UUID(str(session_id))
    # the session's own project decides its session_end jobs
    session_project = gw.get_session_project(session_id=session_id) or project
    result["project"] = session_project
    gw.end_session(session_id=session_id, summary=summary, tasks=list(tasks),
                   learnings=list(learnings), challenges=list(challenges))
    result["session_id"], result["ended"] = str(session_id), True
    if project:
        clear_state(identity, project)
    if run_jobs and session_project:
        for job in gw.get_session_end_jobs(project_name=session_project):
            try:
                run = gw.execute_job(job_id=job.job_id, session_id=session_id)
            except GatewayError as exc:
                result["jobs"].append({"job_id": str(job.job_id), "job_name": job.job_name,
                                       "status": "SKIPPED", "error": exc.message})
                continue
            result["jobs"].append({"job_id": str(job.job_id), "job_name": job.job_name,
                                   "status": run.status, "output": run.output, "error": run.error})
    return result


__all__ = [
    "active_session", "bound_identity", "check_reminders", "default_identity_name", "end",
    "hook_cwd", "project_from_directory", "read_hook_input", "resolve_identity", "resume", "startup",
]
