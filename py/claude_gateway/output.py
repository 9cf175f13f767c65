"""What the doors print: the startup summary an agent reads, the hook JSON Claude
Code reads, plain-text tables and `--json` output (one converter,
claude_gateway.jsonable)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .jsonable import to_json as to_plain


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


def _not_shown(total: int, shown: int, where: str) -> list[str]:
    """The line that counts what a list of the startup text left out, and names where it is."""
    return [f"  ... {total - shown} more not shown: {where}"] if total > shown else []


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
        lines += _not_shown(messages_total, len(messages),
                            "`claude-gateway inbox` (or the get_pending_messages tool with offset)")
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
        lines += _not_shown(reminders_total, len(reminders), "`claude-gateway reminders`")
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


__all__ = ["dumps", "format_leases", "format_startup_text", "hook_output", "sender", "table", "to_plain"]
