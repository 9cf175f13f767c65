"""`claude-gateway ask | questions | answer`: questions from agents to a human.

An agent asks (claude.ask_human) with options and a deadline; the human overseers
see it on Mission Control Web, in `questions` and in their `inbox --follow`; an
overseer answers (claude.answer_question: members of claude_overseer only, checked by
the database); the answer reaches the agent as a message from the overseer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from uuid import UUID

import click

INT32 = click.IntRange(-(2**31), 2**31 - 1)  # a PostgreSQL integer (as cli.INT32)
# The shared helpers of cli.py are imported inside the commands: cli.py registers this
# module at its end, and `python -m claude_gateway.cli` runs it as __main__.
_identity_option = click.option(
    "--identity", default=None,
    help="Identity name (default: $CLAUDE_GATEWAY_IDENTITY, else the identity bound to the "
    "database login, else <user>@<host>).")
_json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")

QUESTION_COLUMNS = ("question_id, status, overdue, seconds_left, asked_by, project_name, question, options,"
                    " allow_free_text, deadline, answer, answered_by, answered_at")


def _describe(q: dict[str, Any]) -> str:
    options = "  ".join(f"{i}) {o}" for i, o in enumerate(q.get("options") or [], 1))
    state = "OVERDUE" if q.get("overdue") else q["status"]
    text = " ".join(str(q["question"]).split())[:500]
    line = (f"[question {state}] {q['asked_by']} ({q['project_name']}) asks: {text}"
            + (f" — options: {options}" if options else "")
            + ("" if q.get("allow_free_text") else " (options only)")
            + f" — deadline {str(q['deadline'])[:19]} (id {q['question_id']})")
    if q["status"] == "answered":
        line += f" — answered by {q.get('answered_by')}: {' '.join(str(q.get('answer')).split())[:300]}"
    return line


@click.command("ask")
@click.argument("question")
@click.option("--option", "options", multiple=True, help="An answer to choose from (repeatable, at most 10).")
@click.option("--deadline-minutes", type=INT32, default=60, show_default=True,
              help="Minutes until the question escalates if nobody answers (1 to 10080).")
@click.option("--no-free-text", is_flag=True, help="Only the options may answer it.")
@click.option("--wait", "wait_seconds", type=click.IntRange(0, 86_400), default=0,
              help="Then wait up to this many seconds for the answer and print it (exit 3 if none came).")
@_identity_option
@_json_option
def ask_cmd(question: str, options: tuple[str, ...], deadline_minutes: int, no_free_text: bool,
            wait_seconds: int, identity: str | None, as_json: bool) -> None:
    """Ask the human overseers QUESTION (from the identity's active session).

    The answer arrives in the inbox as an urgent message from the overseer."""
    from .cli import _emit, _gateway, _session_of

    with _gateway() as gw:
        session = _session_of(gw, identity)
        qid = gw.ask_human(session_id=session, question=question, options=list(options) or None,
                           deadline_minutes=deadline_minutes, allow_free_text=not no_free_text)
        if not wait_seconds:
            _emit(as_json, {"question_id": qid},
                  lambda: f"asked question {qid}; the answer will arrive in your inbox")
            return
        answer = _wait_for_answer(gw, qid, wait_seconds)
    if answer is None:
        _emit(as_json, {"question_id": qid, "answer": None},
              lambda: f"asked question {qid}; no answer within {wait_seconds} s "
                      "(it will arrive in your inbox)")
        raise SystemExit(3)
    _emit(as_json, {"question_id": qid, **answer},
          lambda: f"answer from {answer['answered_by']}: {answer['answer']}")


def _wait_for_answer(gw: Any, qid: UUID, seconds: float) -> dict[str, Any] | None:
    from .pooler import listen_connection

    deadline = time.monotonic() + seconds
    with listen_connection(gw.dsn, connect_timeout=5) as listener:
        listener.execute("LISTEN claude_questions")
        while True:
            with gw.connection() as conn:
                row = conn.execute(
                    "SELECT answer, answer_option, answered_by, answered_at::text"
                    " FROM claude.question_history"
                    " WHERE question_id = %s AND status = 'answered'", (qid,)).fetchone()
            if row:
                return {"answer": row[0], "option_number": row[1], "answered_by": row[2],
                        "answered_at": row[3]}
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            for _ in listener.notifies(timeout=min(left, 30.0), stop_after=1):
                pass


@click.command("questions")
@click.option("--all", "all_", is_flag=True, help="Every question, answered ones too (newest first).")
@click.option("--escalate", is_flag=True,
              help="First escalate the questions past their deadline (claude.escalate_overdue_questions).")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@_json_option
def questions_cmd(all_: bool, escalate: bool, limit: int, as_json: bool) -> None:
    """List the questions agents asked a human: those awaiting an answer, nearest deadline first."""
    from .cli import _emit, _gateway
    from .output import to_plain

    with _gateway() as gw:
        escalated = gw.escalate_overdue_questions() if escalate else None
        with gw.connection() as conn:
            cur = conn.execute(
                f"SELECT {QUESTION_COLUMNS} FROM claude.question_history"
                " WHERE %(all)s OR awaiting_answer"
                " ORDER BY awaiting_answer DESC, CASE WHEN awaiting_answer THEN deadline END,"
                " asked_at DESC, question_id DESC LIMIT %(limit)s",
                {"all": all_, "limit": limit})
            names = [d.name for d in cur.description or []]
            rows = [to_plain(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
    if as_json:
        _emit(True, rows if escalated is None else {"escalated": escalated, "questions": rows}, str)
        return
    if escalated:
        click.echo(f"escalated {escalated} overdue question(s)")
    click.echo("\n".join(_describe(q) for q in rows) if rows else "(no questions)")


@click.command("answer")
@click.argument("question_id", type=click.UUID)
@click.option("--option", "option_number", type=INT32, default=None, help="The chosen option (1-based).")
@click.option("--text", "answer", default=None,
              help="The answer in your own words (at most 4,000 characters).")
@click.option("--session", "session_id", type=click.UUID, default=None,
              help="Your active session (default: that of the identity bound to your login).")
@_json_option
def answer_cmd(question_id: UUID, option_number: int | None, answer: str | None, session_id: UUID | None,
               as_json: bool) -> None:
    """Answer a question as a human overseer (your login must be a member of claude_overseer)."""
    from .cli import _emit, _gateway

    with _gateway() as gw:
        mid = gw.answer_question(question_id=question_id, answer=answer, option_number=option_number,
                                 session_id=session_id)
    _emit(as_json, {"question_id": question_id, "message_id": mid},
          lambda: f"answered question {question_id}; the agent has it in its inbox (message {mid})")


class QuestionFollower:
    """`inbox --follow` of a human overseer: the questions awaiting an answer, printed as
    they arrive (and again when one becomes overdue).  Does nothing for other logins."""

    def __init__(self, conn: Any, as_json: bool, echo: Callable[..., None]) -> None:
        self.as_json, self.echo = as_json, echo
        self.seen: set[tuple[str, bool]] = set()
        row = conn.execute(
            "SELECT pg_has_role(session_user, 'claude_overseer', 'MEMBER')"
            " AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)").fetchone()
        self.active = bool(row and row[0])
        if self.active:
            conn.execute("LISTEN claude_questions")

    def poll(self, gw: Any) -> None:
        if not self.active:
            return
        from .output import to_plain

        with gw.connection() as conn:
            cur = conn.execute(f"SELECT {QUESTION_COLUMNS} FROM claude.question_history"
                               " WHERE awaiting_answer ORDER BY deadline LIMIT 100")
            names = [d.name for d in cur.description or []]
            rows = [to_plain(dict(zip(names, r, strict=True))) for r in cur.fetchall()]
        for q in rows:
            key = (str(q["question_id"]), bool(q["overdue"]))
            if key in self.seen:
                continue
            self.seen.add(key)
            self.echo(json.dumps({"question": q}, ensure_ascii=False) if self.as_json else _describe(q))


COMMANDS = (ask_cmd, questions_cmd, answer_cmd)
