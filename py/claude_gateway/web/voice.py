"""Pages of the human's voice: sign in as an overseer, compose (send or broadcast),
questions agents asked (everyone reads them; a signed-in overseer answers)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, cast, get_args
from uuid import UUID

import psycopg
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .._generated import Priority
from ..errors import GatewayError
from .overseer import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    FormError,
    Overseer,
    Overseers,
    SignInRefused,
    db_error,
    read_form,
    same_token,
)

# The allowed values are defined once (db/values/): priorities through the generated client's
# Literal, question statuses read from claude._question_statuses().  normal first: the default.
PRIORITIES = tuple(sorted(get_args(Priority), key=lambda p: p != "normal"))


def question_states(statuses: list[str]) -> tuple[str, ...]:
    """The questions page's filters: awaiting (open or escalated), each status, all."""
    return ("awaiting", *statuses, "all")


def question_shown(state: str, row: dict[str, Any]) -> bool:
    """Whether the questions page filtered by `state` lists the question."""
    return state == "all" or (row["awaiting_answer"] if state == "awaiting" else row["status"] == state)


QUESTION_ROWS = 200  # the questions page and each live update show at most this many


async def changed_questions(db: Any, *, ids: list[UUID] | None = None,
                            since: datetime | None = None) -> list[dict[str, Any]]:
    """Questions by id (a claude_questions notification names them), or those asked, escalated
    or answered from `since` on (what changed while a page was not listening yet); oldest first."""
    arg: list[UUID] | datetime | None = ids
    where = "question_id = ANY(%s)"
    if ids is None:
        where, arg = "greatest(asked_at, escalated_at, answered_at) >= %s", since
    return list(await db.rows(
        f"SELECT * FROM claude.question_history WHERE {where}"
        f" ORDER BY asked_at, question_id LIMIT {QUESTION_ROWS}", (arg,)))


def routes(db: Any, overseers: Overseers, page: Callable[..., Response]) -> list[Route]:
    def cookie_args(request: Request) -> dict[str, Any]:
        return {"httponly": True, "samesite": "strict", "path": "/", "secure": request.url.scheme == "https"}

    def need(request: Request) -> Overseer | None:
        return overseers.current(request)

    async def signin_page(request: Request, *, error: str | None = None, status: int = 200) -> Response:
        token = secrets.token_urlsafe(32)
        response = page("signin.html", request, csrf=token, error=error,
                        next=_safe_next(request.query_params.get("next")))
        response.status_code = status
        response.set_cookie(CSRF_COOKIE, overseers.sign(token), max_age=3600, **cookie_args(request))
        return response

    async def signin(request: Request) -> Response:
        if request.method == "GET":
            return await signin_page(request)
        try:
            form = await read_form(request)
        except FormError as exc:
            return await signin_page(request, error=str(exc), status=400)
        if not same_token(form.get("csrf"), overseers.unsign(request.cookies.get(CSRF_COOKIE))):
            return await signin_page(request, error="the form expired (CSRF check failed): sign in again",
                                     status=403)
        try:
            who = await overseers.sign_in(form.get("login", ""), form.get("password", ""))
        except SignInRefused as exc:
            return await signin_page(request, error=str(exc), status=403)
        response = RedirectResponse(_safe_next(form.get("next")) or "/questions", status_code=303)
        response.set_cookie(SESSION_COOKIE, overseers.sign(who.token), **cookie_args(request))
        response.delete_cookie(CSRF_COOKIE, path="/")
        return response

    async def signout(request: Request) -> Response:
        who = need(request)
        if who is not None:
            try:
                form = await read_form(request)
            except FormError:
                form = {}
            if not same_token(form.get("csrf"), who.csrf):
                return PlainTextResponse("CSRF check failed", status_code=403)
            await overseers.sign_out(who)
        response = RedirectResponse("/activity", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def compose_page(request: Request, who: Overseer, *, error: str | None = None,
                           sent: dict[str, Any] | None = None, form: dict[str, str] | None = None,
                           status: int = 200) -> Response:
        recipients = await db.rows(
            "SELECT session_id, identity_name, project_name FROM claude.active_sessions"
            " WHERE identity_id <> %s ORDER BY project_name, identity_name LIMIT 500", (who.identity_id,))
        projects = await db.rows(
            "SELECT DISTINCT project_name FROM claude.active_sessions ORDER BY 1 LIMIT 200")
        response = page("compose.html", request, recipients=recipients,
                        projects=[p["project_name"] for p in projects], priorities=PRIORITIES,
                        error=error, sent=sent, form=form or {})
        response.status_code = status
        return response

    async def compose(request: Request) -> Response:
        who = need(request)
        if who is None:
            return RedirectResponse("/signin?next=/compose", status_code=303)
        if request.method == "GET":
            return await compose_page(request, who)
        try:
            form = await read_form(request)
        except FormError as exc:
            return await compose_page(request, who, error=str(exc), status=400)
        if not same_token(form.get("csrf"), who.csrf):
            return await compose_page(request, who, error="CSRF check failed: reload the page", status=403)
        target = form.get("to", "")
        subject, body = form.get("subject", ""), form.get("body", "")
        # the database checks it (22023 names the value); the Literal only types the call
        priority = cast(Priority, form.get("priority", "normal"))
        try:
            if target.startswith("project:"):
                project = target.removeprefix("project:")
                session = await overseers.session_for(who, project)
                async with overseers.acting(who) as api:
                    sent_id = await api.broadcast_to_project(
                        from_session_id=session, project_name=project, subject=subject, body=body,
                        priority=priority)
                sent = {"id": sent_id, "to": f"everyone in project {project}"}
            else:
                try:
                    to_session = UUID(target.removeprefix("session:"))
                except ValueError:
                    return await compose_page(request, who, error="choose a recipient", form=form, status=400)
                found = await db.rows(
                    "SELECT identity_name, project_name FROM claude.session_history WHERE session_id = %s",
                    (to_session,))
                if not found:
                    return await compose_page(request, who, error=f"no session {to_session}", form=form,
                                              status=400)
                session = await overseers.session_for(who, found[0]["project_name"])
                async with overseers.acting(who) as api:
                    sent_id = await api.send_message(
                        from_session_id=session, to_session_id=to_session, subject=subject, body=body,
                        priority=priority)
                sent = {"id": sent_id, "to": found[0]["identity_name"]}
        except (GatewayError, psycopg.Error) as exc:
            return await compose_page(request, who, error=db_error(exc), form=form, status=400)
        return await compose_page(request, who, sent=sent)

    async def _states() -> tuple[str, ...]:
        rows = await db.rows("SELECT claude._question_statuses() AS statuses")
        return question_states(list(rows[0]["statuses"]))

    async def questions(request: Request) -> Response:
        states = await _states()
        state = request.query_params.get("state") or "awaiting"
        if state not in states:
            state = "awaiting"
        since = await _now()
        rows = await db.rows(
            "SELECT * FROM claude.question_history"
            " WHERE CASE %(s)s WHEN 'all' THEN true WHEN 'awaiting' THEN awaiting_answer"
            "       ELSE status = %(s)s END"
            " ORDER BY awaiting_answer DESC, CASE WHEN awaiting_answer THEN deadline END, asked_at DESC,"
            f" question_id DESC LIMIT {QUESTION_ROWS}",
            {"s": state})
        return page("questions.html", request, rows=rows, state=state, states=states, since=since,
                    done=request.query_params.get("answered"), error=None)

    async def _now() -> str:
        """When the page's rows were read: its live updates start there (the cursor of /events)."""
        return str((await db.rows("SELECT clock_timestamp() AS at"))[0]["at"].isoformat())

    async def answer(request: Request) -> Response:
        who = need(request)
        try:
            question_id = UUID(request.path_params["question_id"])
        except ValueError:
            return PlainTextResponse("not a question id", status_code=404)
        if who is None:
            return RedirectResponse(f"/signin?next=/questions%23q-{question_id}", status_code=303)
        try:
            form = await read_form(request)
        except FormError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        if not same_token(form.get("csrf"), who.csrf):
            return PlainTextResponse("CSRF check failed: reload the page", status_code=403)
        choice = form.get("choice", "")
        text = form.get("answer", "")
        option: int | None = None
        if choice.isdigit():
            option = int(choice)
        elif choice != "text" or not text.strip():
            return await _question_error(request, "choose an option or write an answer")
        try:
            found = await db.rows("SELECT project_name FROM claude.question_history WHERE question_id = %s",
                                  (question_id,))
            project = found[0]["project_name"] if found else "mission-control"
            session = await overseers.session_for(who, project)
            async with overseers.acting(who) as api:
                await api.answer_question(question_id=question_id,
                                          answer=None if option is not None else text,
                                          option_number=option, session_id=session)
        except (GatewayError, psycopg.Error) as exc:
            return await _question_error(request, db_error(exc))
        return RedirectResponse(f"/questions?answered={question_id}", status_code=303)

    async def _question_error(request: Request, error: str) -> Response:
        since = await _now()
        rows = await db.rows(
            "SELECT * FROM claude.question_history WHERE awaiting_answer"
            f" ORDER BY deadline, question_id LIMIT {QUESTION_ROWS}")
        response = page("questions.html", request, rows=rows, state="awaiting", states=await _states(),
                        since=since, done=None, error=error)
        response.status_code = 400
        return response

    return [
        Route("/signin", signin, methods=["GET", "POST"]),
        Route("/signout", signout, methods=["POST"]),
        Route("/compose", compose, methods=["GET", "POST"]),
        Route("/questions", questions),
        Route("/questions/{question_id}/answer", answer, methods=["POST"]),
    ]


def _safe_next(value: str | None) -> str | None:
    """Only a local path (no scheme, no //host): never an open redirect."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return None
