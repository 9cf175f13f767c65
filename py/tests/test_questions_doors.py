"""Ask a human through the CLI and MCP, as real LOGIN roles: an agent asks,
a reader lists, an agent may not answer, an overseer's `inbox --follow` shows the
question, the overseer answers, and the answer reaches the agent (inbox, `ask --wait`,
MCP wait_for_messages) marked from_overseer.  Escalation happens once under
concurrent callers."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import psycopg
import pytest
from _logins import bind, login_factory
from conftest import one, race
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

CLI = [sys.executable, "-m", "claude_gateway.cli"]
GATEWAY = str(Path(sys.executable).parent / "claude-gateway")


def cli(*args: str, dsn: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, env={**env, "DATABASE_URL": dsn},
                         timeout=120)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} exited {res.returncode}:\n{res.stdout}\n{res.stderr}")
    return res


@pytest.fixture
def logins(dsn: str) -> Iterator[Callable[..., str]]:
    yield from login_factory(dsn)


@pytest.fixture
def people(dsn: str, logins: Callable[..., str], unique: Callable[[str], str]) -> dict[str, Any]:
    """An agent and an overseer (logins bound to identities with active sessions), a reader."""
    project = unique("ask-proj")
    out: dict[str, Any] = {"project": project, "reader": logins("claude_reader")}
    with psycopg.connect(dsn, autocommit=True) as c:
        for who, group in (("agent", "claude_agent"), ("boss", "claude_overseer")):
            name = unique(f"ask-{who}")
            ident = c.execute("SELECT claude.register_identity(identity_name => %s, platform => 'test',"
                              " role_description => NULL)", (name,)).fetchone()[0]  # type: ignore[index]
            login = logins(group)
            bind(dsn, ident, login)
            session = c.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                                (ident, project)).fetchone()[0]  # type: ignore[index]
            out[who] = {"name": name, "id": ident, "dsn": login, "session": session}
    return out


def test_cli_ask_list_answer_and_the_inbox(people: dict[str, Any]) -> None:
    agent, boss = people["agent"], people["boss"]
    asked = cli("ask", "Merge the <b>migration</b> now?", "--option", "yes", "--option", "after review",
                "--deadline-minutes", "30", "--identity", agent["name"], "--json", dsn=agent["dsn"])
    qid = json.loads(asked.stdout)["question_id"]

    listed = json.loads(cli("questions", "--json", dsn=people["reader"]).stdout)
    mine = [q for q in listed if q["question_id"] == qid]
    assert mine and mine[0]["options"] == ["yes", "after review"] and mine[0]["status"] == "open"
    text = cli("questions", dsn=people["reader"]).stdout
    assert "Merge the <b>migration</b> now?" in text and "1) yes  2) after review" in text

    refused = cli("answer", qid, "--option", "1", dsn=agent["dsn"], check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "permission denied for function answer_question" in refused.stderr, refused.stderr

    bad = cli("answer", qid, "--option", "3", dsn=boss["dsn"], check=False)
    assert bad.returncode == 1 and "option_number 3 is not an option" in bad.stderr, bad.stderr

    done = json.loads(cli("answer", qid, "--option", "2", "--json", dsn=boss["dsn"]).stdout)
    inbox = json.loads(cli("inbox", "--identity", agent["name"], "--json", dsn=agent["dsn"]).stdout)
    got = [m for m in inbox if m["message_id"] == done["message_id"]]
    assert got and got[0]["from_overseer"] is True and got[0]["priority"] == "urgent"
    assert got[0]["body"].startswith("after review") and got[0]["metadata"]["question_id"] == qid

    again = cli("answer", qid, "--text", "changed my mind", dsn=boss["dsn"], check=False)
    assert again.returncode == 1 and "already answered" in again.stderr


def test_ask_wait_prints_the_answer(people: dict[str, Any]) -> None:
    agent, boss = people["agent"], people["boss"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    proc = subprocess.Popen([*CLI, "ask", "Which port?", "--wait", "60", "--identity", agent["name"],
                             "--json"],
                            env={**env, "DATABASE_URL": agent["dsn"]}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        qid = None
        deadline = time.monotonic() + 30
        with psycopg.connect(people["reader"], autocommit=True) as c:
            while qid is None and time.monotonic() < deadline:
                row = c.execute("SELECT question_id FROM claude.question_history"
                                " WHERE asked_by = %s AND question = 'Which port?'",
                                (agent["name"],)).fetchone()
                qid = row[0] if row else time.sleep(0.2)
        assert qid, "the question was asked"
        with psycopg.connect(boss["dsn"], autocommit=True) as c:
            c.execute("SELECT claude.answer_question(question_id => %s, answer => '5445')", (qid,))
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert json.loads(out)["answer"] == "5445"


def test_an_overseers_inbox_follow_shows_questions(dsn: str, people: dict[str, Any]) -> None:
    agent, boss = people["agent"], people["boss"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    proc = subprocess.Popen([*CLI, "inbox", "--follow", "--identity", boss["name"]],
                            env={**env, "DATABASE_URL": boss["dsn"]}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    asked = f"Ship on Friday ({agent['name']})?"
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout or []], daemon=True).start()

    def wait_for(needle: str) -> str:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if needle in line:
                return line
        raise AssertionError(f"{needle!r} never appeared")

    try:
        with psycopg.connect(agent["dsn"], autocommit=True) as c:
            c.execute("SELECT claude.ask_human(session_id => %s, question => %s,"
                      " options => ARRAY['ship', 'hold'])", (agent["session"], asked))
        line = wait_for(asked)
        assert "[question open]" in line and agent["name"] in line and "1) ship  2) hold" in line
        with psycopg.connect(dsn, autocommit=True) as c:  # the deadline passes; maintenance escalates it
            c.execute("UPDATE claude.human_questions SET asked_at = now() - interval '2 hours',"
                      " deadline = now() - interval '1 hour' WHERE question = %s", (asked,))
            c.execute("SELECT claude.escalate_overdue_questions()")
        assert "OVERDUE" in wait_for(asked)
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_agents_inbox_follow_shows_no_questions(people: dict[str, Any]) -> None:
    """Questions are for overseers: an agent's follower never prints them."""
    agent = people["agent"]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    with psycopg.connect(agent["dsn"], autocommit=True) as c:
        c.execute("SELECT claude.ask_human(session_id => %s, question => 'Not for agents?')",
                  (agent["session"],))
    proc = subprocess.Popen([*CLI, "inbox", "--follow", "--identity", agent["name"]],
                            env={**env, "DATABASE_URL": agent["dsn"]}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        err = proc.stderr.readline() if proc.stderr else ""  # "following the inbox ..." once it has read
        assert "following the inbox" in err, err
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0]
    assert "Not for agents?" not in out


def test_mcp_ask_human_and_the_answer_in_wait_for_messages(dsn: str, people: dict[str, Any]) -> None:
    agent, boss = people["agent"], people["boss"]

    async def body() -> tuple[Any, Any, set[str]]:
        params = StdioServerParameters(command=GATEWAY, args=["mcp", "--attach", "--identity", agent["name"]],
                                       env={**os.environ, "DATABASE_URL": agent["dsn"]})
        async with stdio_client(params) as (r, w), ClientSession(r, w) as s:
            await s.initialize()
            names = {t.name for t in (await s.list_tools()).tools}
            asked = await s.call_tool("ask_human", {
                "session_id": str(agent["session"]), "question": "Rotate the key?",
                "options": ["now", "tomorrow"], "deadline_minutes": 15})
            assert not asked.is_error, asked.content[0].text
            qid = asked.structured_content["result"]
            # drain what is already pending, so the wait below wakes on the answer
            await s.call_tool("wait_for_messages", {"timeout_seconds": 1})

            async def answer_later() -> None:
                await anyio.sleep(1.5)
                with psycopg.connect(boss["dsn"], autocommit=True) as c:
                    c.execute("SELECT claude.answer_question(question_id => %s, option_number => 1)", (qid,))

            async with anyio.create_task_group() as tg:
                tg.start_soon(answer_later)
                got = await s.call_tool("wait_for_messages", {"timeout_seconds": 60})
            return asked, got, names

    asked, got, names = anyio.run(body)
    assert "ask_human" in names and "answer_question" not in names  # the agent profile: overseers answer
    assert not got.is_error, got.content[0].text
    answers = [m for m in got.structured_content["messages"] if m["subject"].startswith("Answer: Rotate")]
    assert answers and answers[0]["body"].startswith("now") and answers[0]["from_overseer"] is True
    with psycopg.connect(dsn, autocommit=True) as c:
        row = c.execute("SELECT from_overseer, metadata ->> 'question_id' FROM claude.messages"
                        " WHERE message_id = %s", (answers[0]["message_id"],)).fetchone()
    assert row == (True, str(asked.structured_content["result"])), row


def test_escalation_happens_once_under_concurrent_callers(dsn: str, people: dict[str, Any]) -> None:
    agent = people["agent"]
    with psycopg.connect(agent["dsn"], autocommit=True) as c:
        ids = [c.execute("SELECT claude.ask_human(session_id => %s, question => %s)",
                         (agent["session"], f"overdue {i}")).fetchone()[0]  # type: ignore[index]
               for i in range(20)]
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("UPDATE claude.human_questions SET asked_at = now() - interval '2 hours',"
                  " deadline = now() - interval '1 hour' WHERE question_id = ANY(%s)", (ids,))

    def escalate(_n: int, go: Callable[[], object]) -> int:
        with psycopg.connect(agent["dsn"], autocommit=True) as c:
            go()
            return int(one(c, "SELECT claude.escalate_overdue_questions()"))

    counts = race(8, escalate)
    with psycopg.connect(dsn, autocommit=True) as c:
        warnings = c.execute("SELECT count(*) FROM claude.activity_feed WHERE source_id = ANY(%s)"
                             " AND activity_type = 'question_escalated' AND severity = 'warning'",
                             (ids,)).fetchone()[0]  # type: ignore[index]
        states = c.execute("SELECT array_agg(DISTINCT status) FROM claude.human_questions"
                           " WHERE question_id = ANY(%s)", (ids,)).fetchone()[0]  # type: ignore[index]
    assert len(counts) == 8
    assert warnings == 20 and states == ["escalated"], (counts, warnings, states)
    assert sum(counts) >= 20  # other tests' overdue questions may escalate here too
