"""The CLI's commands for people: thin views over the client, `--json` for scripts,
`error:`/`hint:` and exit 1 for database errors."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

import psycopg
import pytest


def ok_json(res: subprocess.CompletedProcess[str]) -> Any:
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_messages_between_two_identities(run: Any, conn: psycopg.Connection,
                                         unique: Callable[[str], str]) -> None:
    alice, bob, project = unique("ppl-alice"), unique("ppl-bob"), unique("ppl-project")
    for who in (alice, bob):
        assert run("startup", "--project", project, identity=who).returncode == 0

    names = [i["identity_name"] for i in ok_json(run("identities", "--json"))]
    assert alice in names and bob in names

    direct = ok_json(run("send", "--to", bob, "--subject", "review", "--body", "please",
                         "--priority", "urgent", "--json", identity=alice))["message_id"]
    sent = ok_json(run("broadcast", "--subject", "freeze", "--body", "at five", "--json", identity=alice))
    assert sent["project_name"] == project, "a broadcast goes to the sender session's project by default"

    inbox = ok_json(run("inbox", "--json", identity=bob))
    assert [(m["subject"], m["priority"]) for m in inbox] == [("review", "urgent"), ("freeze", "normal")]
    assert ok_json(run("inbox", "--json", identity=alice)) == [], "the sender does not see its own broadcast"
    assert [m["subject"] for m in ok_json(run("inbox", "--project", project, "--json"))] == ["freeze"]

    table = run("inbox", identity=bob)
    assert table.returncode == 0 and "review" in table.stdout and "priority" in table.stdout.splitlines()[0]

    assert ok_json(run("read", direct, "--json", identity=bob)) == {"read": [direct]}
    assert run("ack", direct, sent["message_id"], identity=bob).returncode == 0
    assert ok_json(run("inbox", "--json", identity=bob)) == []
    status = conn.execute("SELECT status FROM claude.messages WHERE message_id = %s", (direct,)).fetchone()
    assert status == ("acknowledged",)

    again = run("ack", direct, identity=bob)
    assert again.returncode == 1 and again.stderr.startswith("error: ") and "\nhint: " in again.stderr


def test_unknown_identity_is_an_error_with_a_hint(run: Any, unique: Callable[[str], str]) -> None:
    res = run("inbox", "--identity", unique("nobody"))
    assert res.returncode == 1
    assert res.stderr.startswith("error: no active identity is called")
    assert "hint: Start a session with `claude-gateway startup" in res.stderr


def test_reminders_jobs_activity_and_knowledge(run: Any, conn: psycopg.Connection,
                                               unique: Callable[[str], str]) -> None:
    project = unique("ppl-misc")
    rows = conn.execute(
        "SELECT claude.create_reminder(title => t, check_after => now() - interval '1 hour',"
        " project_name => %s) FROM unnest(ARRAY['first', 'second', 'later']) t", (project,)).fetchall()
    first, second, later = (r[0] for r in rows)
    conn.execute("UPDATE claude.reminders SET check_after = now() + interval '1 day' WHERE reminder_id = %s",
                 (later,))
    due = {r["title"] for r in ok_json(run("reminders", "--project", project, "--json"))}
    assert {"first", "second"} <= due and "later" not in due
    every = {r["title"] for r in ok_json(run("reminders", "--project", project, "--all", "--json"))}
    assert {"first", "second", "later"} <= every
    assert ok_json(run("reminders", "--done", str(first), "--json")) == {"done": str(first)}
    assert run("reminders", "--dismiss", str(second)).returncode == 0
    states = dict(conn.execute("SELECT reminder_id, status FROM claude.reminders WHERE reminder_id = ANY(%s)",
                               ([first, second],)).fetchall())
    assert states == {first: "done", second: "dismissed"}

    job_name = unique("ppl-job")
    conn.execute("SELECT claude.create_scheduled_job(job_name => %s, job_type => 'audit', command => 'true',"
                 " trigger_type => 'on_demand', project_name => %s)", (job_name, project))
    jobs = ok_json(run("jobs", "--project", project, "--json"))
    assert job_name in [j["job_name"] for j in jobs]
    assert job_name in run("jobs", "--project", project).stdout

    conn.execute("SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'pytest',"
                 " activity_type => 'test_failed', title => 'ppl failure', project_name => %s,"
                 " severity => 'error')", (project,))
    activity = ok_json(run("activity", "--project", project, "--severity", "error", "--json"))
    assert [a["title"] for a in activity] == ["ppl failure"]
    bad = run("activity", "--limit", "0")
    assert bad.returncode == 1 and bad.stderr.startswith("error: ")

    title = unique("Vacuum the partitions")
    kid = ok_json(run("knowledge", "add", "--title", title, "--description", "Vacuuming partitions nightly",
                      "--type", "best-practice", "--project", project, "--json"))["knowledge_id"]
    found = ok_json(run("knowledge", "search", "vacuumed partition", "--project", project, "--json"))
    assert kid in [k["knowledge_id"] for k in found], "English stemming finds it"
    applied = ok_json(run("knowledge", "apply", kid, "--failed", "--json"))
    assert applied["times_applied"] == 1 and applied["times_failed"] == 1


@pytest.mark.parametrize("command", [
    ["startup"], ["end"], ["inbox"], ["send"], ["broadcast"], ["read"], ["ack"], ["reminders"], ["jobs"],
    ["activity"], ["knowledge", "search"], ["knowledge", "add"], ["knowledge", "apply"], ["identities"],
    ["demo"],
])
def test_every_command_has_help(command: list[str]) -> None:
    from click.testing import CliRunner

    from claude_gateway.cli import main

    res = CliRunner().invoke(main, [*command, "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output and len(res.output.splitlines()) > 3
