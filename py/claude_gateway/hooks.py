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

import dataclasses
import json
import os
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from .errors import AlreadyExists, GatewayError, InvalidState, NotFound, PermissionDenied
from .hook_inputs import (  # noqa: F401 - re-exported: the CLI and tests use them from here
    IDENTITY_ENV,
    clear_state,
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
def hook_cwd(hook: Mapping[str, Any]) -> str:
    """The hook's `cwd` when it is a usable directory path, else the working directory.

    A path with a NUL byte, an unpaired surrogate or that is not a string cannot be a
    directory: it is refused with a ValueError naming it (the hook turns that into its
    one-line warning).
    """
    value = hook.get("cwd")
    if value is None or value == "":
        return os.getcwd()
    if not isinstance(value, str):
        raise ValueError(f"the hook's cwd is not a path: {str(value)[:80]!r}")
    if "\x00" in value:
        raise ValueError("the hook's cwd holds a NUL byte, so it cannot be a path")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the hook's cwd is not valid UTF-8 text") from None
    return value


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
    for row in gw.get_active_identities():
        if row.identity_name == name:
            return row.identity_id
    return None


def resolve_identity(gw: Gateway, name: str, *, register: bool = False,
                     role_description: str | None = None) -> UUID:
    """The active identity `name`; registered (platform claude-code) when `register` and unknown."""
    found = find_identity(gw, name)
    if found is not None:
        return found
    if not register:
        raise NotFound(f"no active identity is called {name!r}",
                       hint="Start a session with `claude-gateway startup --identity NAME` "
                       "(it registers the identity), or pick one from `claude-gateway identities`.")
    bound = bound_identity(gw)
    if bound is not None:  # a bound login may act only as its own identity: register nothing
        raise PermissionDenied(
            f"this login is bound to identity {bound[1]!r} and may not act as {name!r}",
            sqlstate="42501", hint=f"Leave --identity out (it defaults to {bound[1]!r}), or connect with "
            f"the login bound to {name!r}.")
    try:
        return gw.register_identity(
            identity_name=name, platform=PLATFORM,
            role_description=role_description or "Claude Code agent (registered by claude-gateway startup)",
        )
    except AlreadyExists:  # a concurrent first startup registered it
        found = find_identity(gw, name)
        if found is None:
            raise
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
    with gw.connection() as conn:  # the session's own project decides its session_end jobs
        row = conn.execute("SELECT project_name FROM claude.active_sessions WHERE session_id = %s",
                           (session_id,)).fetchone()
    session_project = row[0] if row else project
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


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------
def to_plain(value: Any) -> Any:
    """Rows (dataclasses), UUIDs, datetimes, ... as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def dumps(value: Any) -> str:
    return json.dumps(to_plain(value), indent=2, ensure_ascii=False)


def _short(text: Any, width: int = 100) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= width else s[: width - 1] + "…"


def _age(ts: Any) -> str:
    if not ts:
        return ""
    try:
        when = datetime.fromisoformat(str(ts))
    except ValueError:
        return str(ts)
    secs = (datetime.now(UTC) - when).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if secs >= size:
            return f"{int(secs // size)}{unit} ago"
    return "just now"


def sender(message: Mapping[str, Any]) -> str:
    """Who sent a message, marked when it comes from a human overseer (set by the database)."""
    name = str(message.get("from_identity_name") or "?")
    return f"the human overseer {name}" if message.get("from_overseer") else name


# What the startup context shows at most; the rest is counted and named by command.
CONTEXT_MESSAGES = 20
CONTEXT_REMINDERS = 10
CONTEXT_BODY_CHARS = 160


def format_startup_text(bundle: Mapping[str, Any]) -> str:
    """The compact human (and agent) summary of a startup bundle: a few KB whatever the backlog.

    At most CONTEXT_MESSAGES messages (bodies cut to CONTEXT_BODY_CHARS) and
    CONTEXT_REMINDERS reminders are shown; what is left out is counted, with the
    command that shows it.
    """
    lines: list[str] = []
    messages = list(bundle.get("pending_messages") or [])
    reminders = list(bundle.get("due_reminders") or [])
    jobs = bundle.get("due_jobs") or []
    activity = bundle.get("recent_activity") or []
    checks = {str(c["reminder_id"]): c for c in bundle.get("reminder_checks") or []}
    project = bundle.get("project_name")
    messages_total = max(int(bundle.get("pending_messages_total") or 0), len(messages))
    reminders_total = max(int(bundle.get("due_reminders_total") or 0), len(reminders))
    messages, reminders = messages[:CONTEXT_MESSAGES], reminders[:CONTEXT_REMINDERS]
    how = {"compact": "goes on after a compaction", "resume": "goes on (resumed)"}.get(
        str(bundle.get("resumed") or ""), "started")
    lines.append(
        f"claude-gateway: session {bundle.get('session_id')} {how} for {bundle.get('identity_name')} "
        f"on {project} ({messages_total} message(s), {reminders_total} due reminder(s), "
        f"{len(jobs)} due job(s))"
    )
    if messages:
        lines.append(f"Pending messages ({len(messages)} of {messages_total}, urgent first; "
                     "ack with `claude-gateway ack ID`):")
        for m in messages:
            kind = "broadcast" if m.get("to_project") else "direct"
            lines.append(
                f"  - [{m.get('priority')}] {m.get('message_type')} ({kind}) from "
                f"{sender(m)}: {_short(m.get('subject'), 80)} — "
                f"{_short(m.get('body'), CONTEXT_BODY_CHARS)} (id {m.get('message_id')})"
            )
        if messages_total > len(messages):
            lines.append(f"  ... {messages_total - len(messages)} more not shown: `claude-gateway inbox`"
                         " (or the get_pending_messages tool with offset)")
    if reminders:
        lines.append(f"Due reminders ({len(reminders)} of {reminders_total}):")
        for r in reminders:
            check = checks.get(str(r.get("reminder_id")))
            outcome = check["outcome"] if check else ("manual" if r.get("check_type") == "manual"
                                                      else "not checked")
            what = {"done": "done (checked automatically)", "rescheduled": "not done yet, rescheduled",
                    "expired": "not done, expired", "manual": "needs you: `claude-gateway reminders "
                    f"--done {r.get('reminder_id')}` or `--dismiss`", "error": "check failed",
                    "skipped": "changed meanwhile"}.get(outcome, outcome)
            desc = f": {_short(r.get('description'), 120)}" if r.get("description") else ""
            lines.append(f"  - {_short(r.get('title'), 100)} [{r.get('check_type')}] {what}{desc}")
        if reminders_total > len(reminders):
            lines.append(f"  ... {reminders_total - len(reminders)} more not shown: "
                         "`claude-gateway reminders`")
    if jobs:
        lines.append(f"Due jobs ({len(jobs)}; run them with `claude-gateway run-jobs --project {project}`):")
        for j in jobs:
            lines.append(f"  - p{j.get('priority')} {_short(j.get('job_name'), 80)} ({j.get('job_type')}): "
                         f"{_short(j.get('command'), 100)} [last: {j.get('last_status') or 'never run'}]")
    if activity:
        lines.append("Recent activity:")
        for a in activity:
            mark = {"error": "!!", "warning": "! "}.get(a.get("severity"), "- ")
            when = _age(a.get("created_at"))
            lines.append(f"  {mark} {_short(a.get('title'), 110)} ({a.get('severity')}, {when})")
    lines.extend(format_leases(bundle))
    for w in (bundle.get("warnings") or [])[:5]:
        lines.append(f"warning: {_short(w, 200)}")
    return "\n".join(lines)


def format_leases(bundle: Mapping[str, Any]) -> list[str]:
    """The startup context's lines about leases: what this agent holds, what others hold."""
    lines: list[str] = []
    held = bundle.get("held_leases") or []
    others = bundle.get("other_leases") or []
    if held:
        lines.append(f"You hold {bundle.get('held_leases_total', len(held))} lease(s) "
                     "(release with `claude-gateway release ID` or `--all`):")
        for lease in held:
            kind = "exclusive" if lease.get("exclusive") else "shared"
            lines.append(f"  - {lease.get('path')} ({kind}, until {lease.get('expires_at')}) "
                         f"id {lease.get('lease_id')}")
    if others:
        total = bundle.get("other_leases_total", len(others))
        lines.append(f"Leases of other agents in this project ({total}; "
                     "do not edit what they hold exclusively):")
        for lease in others:
            kind = "exclusively" if lease.get("exclusive") else "shared"
            reason = f": {_short(lease.get('reason'), 100)}" if lease.get("reason") else ""
            lines.append(f"  - {lease.get('identity_name')} holds {lease.get('path')} {kind} "
                         f"until {lease.get('expires_at')}{reason}")
    return lines


def hook_output(event: str, context: str) -> str:
    """The hook JSON Claude Code reads from stdout (`additionalContext` enters the conversation)."""
    return json.dumps({"hookSpecificOutput": {"hookEventName": event, "additionalContext": context}})


def table(rows: list[Mapping[str, Any]], columns: list[tuple[str, str]], width: int = 60) -> str:
    """A plain-text table of `rows` with (key, heading) columns."""
    if not rows:
        return "(none)"
    cells = [[_short(to_plain(r.get(key)) if r.get(key) is not None else "", width) for key, _ in columns]
             for r in rows]
    heads = [h for _, h in columns]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    out = ["  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip(),
           "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(out)


__all__ = [
    "active_session", "bound_identity", "check_reminders", "default_identity_name", "dumps", "end",
    "format_startup_text", "hook_cwd", "hook_output", "project_from_directory", "read_hook_input",
    "resolve_identity", "resume", "sender", "startup", "table", "to_plain",
]
