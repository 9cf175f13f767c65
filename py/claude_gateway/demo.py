"""`claude-gateway demo`: the whole workflow once, narrated, through the generated client.

Two agents register and start sessions in one project, exchange a direct
message and a broadcast, read and acknowledge them; an admin-created
session_start job runs through the runner; a sql_query reminder checks itself;
knowledge is recorded, searched and applied; the startup bundle of the next
session is shown.  Names carry a random suffix so the demo can run again and again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .hooks import check_reminders
from .output import format_startup_text
from .redact import mask

if TYPE_CHECKING:
    from .client import Gateway


def run_demo(gw: Gateway, echo: Callable[[str], None] = print, *,
             project: str | None = None, admin: Gateway | None = None) -> dict[str, str]:
    """Run the demo on `gw`; return the names and ids it created.  `admin` (default `gw`)
    creates the job: create_scheduled_job is for claude_admin members only."""
    admin = admin or gw
    suffix = uuid.uuid4().hex[:6]
    project = project or f"demo-{suffix}"
    alice_name, bob_name = f"demo-alice-{suffix}", f"demo-bob-{suffix}"
    job_name = f"demo-hello-{suffix}"
    step = iter(range(1, 100))

    def say(title: str) -> None:
        echo(f"\n== {next(step)}. {title}")

    echo(f"claude-gateway demo on {mask(gw.dsn)} (project {project})")

    say("Two agents register")
    alice = gw.register_identity(identity_name=alice_name, platform="claude-code",
                                 role_description="writes the migrations")
    bob = gw.register_identity(identity_name=bob_name, platform="claude-code",
                               role_description="reviews and ships")
    echo(f"   {alice_name} = {alice}\n   {bob_name} = {bob}")

    say(f"Both start a session in {project} (claude.session_startup: one round trip)")
    a_sid = gw.session_startup(identity_id=alice, project_name=project)["session_id"]
    b_sid = gw.session_startup(identity_id=bob, project_name=project)["session_id"]
    echo(f"   {alice_name}: session {a_sid}\n   {bob_name}: session {b_sid}")

    say("Alice sends Bob a direct message and broadcasts to the project")
    direct = gw.send_message(from_session_id=a_sid, to_session_id=b_sid, subject="Review please",
                             body="The new migration is ready for review.", message_type="task_request",
                             priority="urgent")
    broadcast = gw.broadcast_to_project(from_session_id=a_sid, project_name=project,
                                        subject="Deploy freeze at 17:00",
                                        body="No merges to main after 17:00 today.")
    echo(f"   direct message {direct} (urgent task_request)\n   broadcast {broadcast}")

    say("Bob reads his inbox, then reads, acknowledges and answers")
    for m in gw.get_pending_messages(session_id=b_sid):
        kind = "broadcast" if m.to_project else "direct"
        echo(f"   [{m.priority}] {kind} from {m.from_identity_name}: {m.subject} — {m.body}")
    gw.mark_message_read(message_id=direct, session_id=b_sid)
    gw.acknowledge_message(message_id=direct, session_id=b_sid)
    gw.acknowledge_message(message_id=broadcast, session_id=b_sid)
    reply = gw.send_message(from_session_id=b_sid, to_session_id=a_sid, subject="Re: Review please",
                            body="Looks good, approved.", message_type="status_update", in_reply_to=direct)
    left = len(gw.get_pending_messages(session_id=b_sid))
    echo(f"   acknowledged both; Bob's inbox now holds {left} message(s); reply {reply} sent")
    thread = gw.get_message_thread(message_id=reply)
    echo(f"   thread: {' -> '.join(t.subject or '' for t in thread)}")
    gw.acknowledge_message(message_id=reply, session_id=a_sid)

    say("An admin schedules a session_start job; the runner executes it")
    job = admin.create_scheduled_job(job_name=job_name, job_type="health_check",
                                     command='echo "hello from the demo job in $(pwd)"',
                                     trigger_condition={"days_since_last_run": 1}, priority=2,
                                     timeout_seconds=30, project_name=project,
                                     job_description="says hello once a day at session start")
    due = [j.job_name for j in gw.get_due_jobs(project_name=project)]
    echo(f"   due at session start: {', '.join(due) or 'none'}")
    result = gw.execute_job(job_id=job, session_id=b_sid)
    echo(f"   {job_name}: {result.status}, output: {result.output.strip()}")
    again = job_name in [j.job_name for j in gw.get_due_jobs(project_name=project)]
    echo(f"   due again now? {'yes' if again else 'no (days_since_last_run: 1)'}")

    say("A sql_query reminder checks itself")
    reminder = gw.create_reminder(
        title=f"Check that {job_name} succeeded",
        check_after=datetime.now(UTC) - timedelta(minutes=1),
        check_type="sql_query",
        check_condition=f"SELECT coalesce(bool_or(last_status = 'SUCCESS'), false) FROM claude.scheduler "
                        f"WHERE job_name = '{job_name}'",
        project_name=project, created_by=alice_name)
    manual = gw.create_reminder(title="Write the release notes",
                                check_after=datetime.now(UTC) - timedelta(minutes=1),
                                description="Summarise the new migration for the changelog.",
                                project_name=project, created_by=alice_name)
    outcomes, warnings = check_reminders(gw, project)
    for o in outcomes:
        echo(f"   {o['title']} [{o['check_type']}]: {o['outcome']}")
    for w in warnings:
        echo(f"   warning: {w}")

    say("Knowledge is recorded, searched and applied")
    kid = gw.record_knowledge(
        title="Run the gateway demo after migrating",
        description="After claude-gateway migrate, run claude-gateway demo: it exercises every domain "
                    "(sessions, messages, jobs, reminders, knowledge) end to end.",
        knowledge_type="best-practice", applies_to_projects=[project], confidence_level=6,
        learned_by_identity_id=alice, knowledge_category="testing")
    for k in gw.search_knowledge(project_name=project, search_text="migrations demo", limit=3):
        echo(f"   found: {k.title} (rank {k.rank:.3f}, confidence {k.confidence_level})")
    gw.apply_knowledge(knowledge_id=kid, was_successful=True)
    after = gw.search_knowledge(project_name=project, search_text="migrations demo", limit=1)
    if after:
        echo(f"   applied once: times_applied {after[0].times_applied}, "
             f"confidence {after[0].confidence_level}")

    say("Bob ends his session; Alice writes to him meanwhile")
    gw.end_session(session_id=b_sid, summary="Reviewed and approved the migration.",
                   tasks=["review the migration"], learnings=["the demo exercises every domain"])
    gw.send_message(from_session_id=a_sid, to_session_id=b_sid, subject="Thanks",
                    body="Merged. The release notes are still to do.")
    echo("   Bob's session ended; the new message waits for his next session (mail follows the identity)")

    say("Bob's next session: the startup bundle")
    bundle = gw.session_startup(identity_id=bob, project_name=project)
    for line in format_startup_text(bundle).splitlines():
        echo(f"   {line}")

    say("Both agents end their sessions")
    gw.end_session(session_id=bundle["session_id"], summary="Read the startup bundle.")
    gw.end_session(session_id=a_sid, summary="Wrote the migration; it was approved and merged.")
    echo(f"   done. Look around: claude-gateway activity --project {project}")
    return {"project": project, "alice": str(alice), "bob": str(bob), "job": str(job),
            "reminder": str(reminder), "manual_reminder": str(manual), "knowledge": str(kid)}
