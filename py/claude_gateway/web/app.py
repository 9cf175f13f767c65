"""The Starlette application of Mission Control Web (see the package docstring)."""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from importlib.resources import files
from operator import itemgetter
from typing import Any, get_args
from uuid import UUID

import jinja2
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._generated import KnowledgeSearchResultRow, Severity
from ..client import on_connection_async
from ..errors import GatewayError
from ..pooler import listen_connection_async
from . import charts, voice
from .live import OVERLAP, POLL_SECONDS, Tail
from .overseer import Overseers

PAGE = 50  # rows per page
KEEP_ALIVE_SECONDS = 5.0  # a comment line on a quiet stream: proxies keep it open
SEVERITIES = get_args(Severity)  # the allowed-value list, most severe first (db/values/)
# The page may load its own script and style only: an agent's text that slipped
# through escaping still could not run.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

_ROOT = files("claude_gateway.web")
# autoescape on for every template: agents' text (subjects, bodies, names) stays text.
templates = Jinja2Templates(
    env=jinja2.Environment(loader=jinja2.FileSystemLoader(str(_ROOT / "templates")), autoescape=True)
)


templates.env.filters["when"] = lambda v: (
    v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, datetime) else (v or "")
)
templates.env.filters["secs"] = lambda v: (
    ""
    if v is None
    else (f"{v:.1f} s" if v < 120 else f"{v / 60:.0f} min" if v < 7200 else f"{v / 3600:.1f} h")
)


def _page_key(raw: str | None) -> tuple[datetime, UUID] | None:
    """The keyset cursor `<created_at ISO>,<id>` of the next page, or None."""
    if not raw:
        return None
    try:
        when, ident = raw.rsplit(",", 1)
        return datetime.fromisoformat(when), UUID(ident)
    except ValueError:
        return None


def _when(raw: str | None) -> datetime | None:
    """An ISO timestamp with its zone (a page's `since`), or None."""
    try:
        when = datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def _question_ids(notes: list[psycopg.Notify]) -> list[UUID]:
    """The questions that claude_questions notifications name ({question_id, status}), at most a page."""
    ids: list[UUID] = []
    for n in notes:
        if n.channel != "claude_questions":
            continue
        try:
            ident = UUID(str(json.loads(n.payload)["question_id"]))
        except (ValueError, KeyError, TypeError):
            continue
        if ident not in ids:
            ids.append(ident)
    return ids[: voice.QUESTION_ROWS]


def _cursor(row: dict[str, Any]) -> str:
    return f"{row['created_at'].isoformat()},{row['id'] if 'id' in row else row['message_id']}"


class Dashboard:
    """The database side: one pool of reader connections, queries over views only."""

    def __init__(self, dsn: str, *, max_size: int = 4) -> None:
        self.dsn = dsn
        self.pool = AsyncConnectionPool(
            dsn,
            min_size=1,
            max_size=max_size,
            open=False,
            # No server-side prepared statements: the dashboard may sit behind PgBouncer
            # in transaction mode (docs/OPERATIONS.md); its queries are light.
            # Tuple rows (the generated client reads its results by position); rows() asks for dicts.
            kwargs={"autocommit": True, "prepare_threshold": None},
            configure=_utc,
            name="claude-gateway-web",
        )

    async def rows(self, query: str, params: Any = None) -> list[dict[str, Any]]:
        """A read of the reader views (no API function offers them: they are the reader's door)."""
        async with self.pool.connection() as conn:
            cur = conn.cursor(row_factory=dict_row)
            await cur.execute(query, params)
            return await cur.fetchall()

    async def search_knowledge(self, text: str) -> list[KnowledgeSearchResultRow]:
        """claude.search_knowledge through the generated client."""
        async with self.pool.connection() as conn:
            return await on_connection_async(conn, prepare=False).search_knowledge(search_text=text,
                                                                                  limit=50)

    async def activity(
        self,
        *,
        project: str | None,
        severity: str | None,
        source_type: str | None,
        before: tuple[datetime, UUID] | None,
        limit: int = PAGE,
    ) -> list[dict[str, Any]]:
        return await self.rows(
            "SELECT * FROM claude.activity_history"
            " WHERE (%(project)s::text IS NULL OR project_name = %(project)s)"
            "   AND (%(severity)s::text IS NULL OR severity = %(severity)s)"
            "   AND (%(source_type)s::text IS NULL OR source_type = %(source_type)s)"
            "   AND (%(b_at)s::timestamptz IS NULL OR (created_at, id) < (%(b_at)s, %(b_id)s::uuid))"
            " ORDER BY created_at DESC, id DESC LIMIT %(limit)s",
            {
                "project": project,
                "severity": severity,
                "source_type": source_type,
                **_key_params("b", before),
                "limit": limit,
            },
        )

    # The live feeds: (view, key) of each; rows are read from a time on, by (created_at, key).
    FEEDS: dict[str, tuple[str, str]] = {
        "activity": ("activity_history", "id"),
        "message": ("message_history", "message_id"),
    }

    async def newest(self, feed: str, since: datetime | None, *, limit: int) -> list[dict[str, Any]]:
        """The newest rows of a live feed from `since` on (every row when None), newest first."""
        view, key = self.FEEDS[feed]
        where = "" if since is None else " WHERE created_at >= %(since)s"
        return await self.rows(
            f"SELECT * FROM claude.{view}{where} ORDER BY created_at DESC, {key} DESC LIMIT %(limit)s",
            {"since": since, "limit": limit},
        )

    async def messages(
        self,
        *,
        before: tuple[datetime, UUID] | None,
        limit: int = PAGE,
    ) -> list[dict[str, Any]]:
        return await self.rows(
            "SELECT * FROM claude.message_history"
            " WHERE (%(b_at)s::timestamptz IS NULL OR (created_at, message_id) < (%(b_at)s, %(b_id)s::uuid))"
            " ORDER BY created_at DESC, message_id DESC LIMIT %(limit)s",
            {**_key_params("b", before), "limit": limit},
        )


def _key_params(prefix: str, key: tuple[datetime, UUID] | None) -> dict[str, Any]:
    """The query parameters <prefix>_at and <prefix>_id of a (created_at, id) page key
    (both None without one)."""
    at, row_id = key if key else (None, None)
    return {f"{prefix}_at": at, f"{prefix}_id": row_id}


async def _utc(conn: psycopg.AsyncConnection[Any]) -> None:
    """Charts bucket by hour and day in UTC, whatever the server's TimeZone."""
    await conn.execute("SET TIME ZONE 'UTC'")


def _basic_auth(user: str, password: str) -> Callable[[Request], bool]:
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def check(request: Request) -> bool:
        return hmac.compare_digest(request.headers.get("authorization", ""), expected)

    return check


def create_app(
    dsn: str, *, user: str | None = None, password: str | None = None, overseer_dsn: str | None = None
) -> Starlette:
    """The dashboard on the reader DSN `dsn`; with `password`, every request needs HTTP Basic auth.

    Overseers sign in with their own login on the server and database of `overseer_dsn`
    (default `dsn`; the primary, when `dsn` is a standby)."""
    db = Dashboard(dsn)
    overseers = Overseers(overseer_dsn or dsn)
    auth = _basic_auth(user or "overseer", password) if password else None

    def page(name: str, request: Request, **context: Any) -> Response:
        return templates.TemplateResponse(
            request,
            name,
            {"active": name.removesuffix(".html"), "overseer": overseers.current(request), **context},
        )

    async def activity(request: Request) -> Response:
        q = request.query_params
        project, severity, source = (
            q.get("project") or None,
            q.get("severity") or None,
            q.get("source_type") or None,
        )
        rows = await db.activity(
            project=project, severity=severity, source_type=source, before=_page_key(q.get("before"))
        )
        counts = await db.rows(
            "SELECT coalesce(project_name, '(none)') AS project, date_trunc('hour', created_at) AS bucket,"
            "       count(*)::int AS n FROM claude.activity_history"
            " WHERE created_at >= date_trunc('hour', now()) - interval '23 hours' GROUP BY 1, 2"
        )
        projects = await db.rows(
            "SELECT DISTINCT project_name FROM claude.activity_history"
            " WHERE project_name IS NOT NULL ORDER BY 1 LIMIT 200"
        )
        return page(
            "activity.html",
            request,
            rows=rows,
            severities=SEVERITIES,
            projects=[p["project_name"] for p in projects],
            filters={"project": project, "severity": severity, "source_type": source},
            older=bool(q.get("before")),  # an older page takes no live rows
            next_page=_cursor(rows[-1]) if len(rows) == PAGE else None,
            chart=charts.activity_per_project(counts),
        )

    async def messages(request: Request) -> Response:
        before = request.query_params.get("before")
        rows = await db.messages(before=_page_key(before))
        return page(
            "messages.html", request, rows=rows, older=bool(before),  # an older page takes no live rows
            next_page=_cursor(rows[-1]) if len(rows) == PAGE else None,
        )

    async def thread(request: Request) -> Response:
        try:
            message_id = UUID(request.path_params["message_id"])
        except ValueError:
            return PlainTextResponse("not a message id", status_code=404)
        root = await db.rows(
            "SELECT thread_id FROM claude.message_history WHERE message_id = %s", (message_id,)
        )
        if not root:
            return PlainTextResponse("no such message", status_code=404)
        rows = await db.rows(
            "SELECT * FROM claude.message_history WHERE thread_id = %s ORDER BY created_at, message_id",
            (root[0]["thread_id"],),
        )
        recipients = await db.rows(
            "SELECT * FROM claude.message_recipients WHERE message_id = ANY(%s) ORDER BY identity_name",
            ([r["message_id"] for r in rows],),
        )
        by_message: dict[UUID, list[dict[str, Any]]] = {}
        for r in recipients:
            by_message.setdefault(r["message_id"], []).append(r)
        return page("thread.html", request, rows=rows, recipients=by_message)

    async def agents(request: Request) -> Response:
        identities = await db.rows("SELECT * FROM claude.identities_overview LIMIT 500")
        sessions = await db.rows(
            "SELECT * FROM claude.session_history ORDER BY session_start DESC LIMIT %s", (PAGE,)
        )
        return page("agents.html", request, identities=identities, sessions=sessions)

    async def scheduler(request: Request) -> Response:
        jobs = await db.rows("SELECT * FROM claude.scheduler ORDER BY priority, job_name LIMIT 500")
        runs = await db.rows("SELECT * FROM claude.job_runs LIMIT %s", (PAGE,))
        outcomes = await db.rows(
            "SELECT date_trunc('day', started_at) AS bucket, status, count(*)::int AS n FROM claude.job_runs"
            " WHERE started_at >= date_trunc('day', now()) - interval '13 days' GROUP BY 1, 2"
        )
        return page("scheduler.html", request, jobs=jobs, runs=runs, chart=charts.job_outcomes(outcomes))

    async def reminders(request: Request) -> Response:
        status = request.query_params.get("status") or None
        rows = await db.rows(
            "SELECT * FROM claude.reminder_history WHERE (%(s)s::text IS NULL OR status = %(s)s)"
            " ORDER BY (status = 'pending') DESC, check_after LIMIT 500",
            {"s": status},
        )
        # the filters are the allowed-value list itself (db/values/_reminder_statuses.sql)
        statuses = (await db.rows("SELECT claude._reminder_statuses() AS statuses"))[0]["statuses"]
        return page("reminders.html", request, rows=rows, status=status, statuses=statuses)

    async def knowledge(request: Request) -> Response:
        text = (request.query_params.get("q") or "").strip()
        if text:
            try:
                rows: list[Any] = await db.search_knowledge(text)
                error = None
            except GatewayError as exc:  # e.g. a text that makes no query: say so
                rows, error = [], (exc.message or "search failed")
        else:
            rows = await db.rows("SELECT * FROM claude.knowledge_entries ORDER BY updated_at DESC LIMIT 50")
            error = None
        return page("knowledge.html", request, rows=rows, q=text, error=error)

    async def events(request: Request) -> Response:
        """Server-Sent Events: new activity and new messages (each polled about every second by
        its key, looking back OVERLAP for rows that committed late; a message also wakes the
        poll through the claude_messages notification) and, for the questions page (`questions`
        = its filter, `since` = when its rows were read), each question asked, escalated or
        answered (woken by claude_questions), rendered as the page renders it.  A feed is sent
        when the page asks for it (`activity`, `message`: the key of its newest row, or empty)."""
        keys = {feed: _page_key(request.query_params.get(feed)) for feed in Dashboard.FEEDS
                if feed in request.query_params}
        q_state = request.query_params.get("questions")
        q_since = _when(request.query_params.get("since"))
        who = overseers.current(request)  # a signed-in overseer's questions come with answer forms

        async def questions(ids: list[UUID] | None = None, since: datetime | None = None) -> str | None:
            assert q_state is not None
            rows = await voice.changed_questions(db, ids=ids, since=since)
            if not rows:
                return None
            part = templates.env.get_template("_question.html")
            return _event("question", [
                {"question_id": str(r["question_id"]), "shown": voice.question_shown(q_state, r),
                 "html": part.render(q=r, overseer=who)} for r in rows])

        async def stream() -> AsyncIterator[str]:
            async with AsyncExitStack() as stack:
                # LISTEN needs a session connection on the primary: DATABASE_SESSION_URL
                # when the read URL is a pooler or a hot standby (pooler.listen_connection_async).
                # Activity alone needs none: it is polled through the pool.
                channels = [name for name, wanted in (("claude_messages", "message" in keys),
                                                      ("claude_questions", q_state is not None)) if wanted]
                listen = None
                if channels:
                    listen = await stack.enter_async_context(await listen_connection_async(dsn))
                    for name in channels:
                        await listen.execute(f"LISTEN {name}")
                tails: dict[str, Tail] = {}
                for feed, key in keys.items():
                    newest = key[0] if key else None
                    if newest is None:  # a page with no rows: from the newest row there is now
                        top = await db.newest(feed, None, limit=1)
                        newest = top[0]["created_at"] if top else None
                    tails[feed] = Tail(newest, at="created_at", key=itemgetter(Dashboard.FEEDS[feed][1]))
                yield "retry: 2000\n\n"
                if q_state is not None and q_since is not None:
                    # what changed between reading the page and listening (the page keeps
                    # a question it shows in the same status as it is)
                    caught_up = await questions(since=q_since - OVERLAP)
                    if caught_up:
                        yield caught_up
                loop = asyncio.get_running_loop()
                # The first poll runs at once: it catches up on what committed between
                # reading the page and listening (the page skips rows it already shows).
                next_poll = quiet_since = loop.time()
                while not await request.is_disconnected():
                    wait = max(0.0, next_poll - loop.time())
                    if listen is None:
                        await asyncio.sleep(wait)
                        notes = []
                    else:
                        notes = [n async for n in listen.notifies(timeout=wait, stop_after=1)]
                    woke, sent = bool(notes), False
                    if listen is not None and woke:
                        # let a burst of commits land together
                        notes += [n async for n in listen.notifies(timeout=0.05, stop_after=1000)]
                        asked = _question_ids(notes)
                        if asked and q_state is not None:
                            changed = await questions(ids=asked)
                            if changed:
                                yield changed
                                sent = True
                    if woke or loop.time() >= next_poll:
                        next_poll = loop.time() + POLL_SECONDS
                        for feed, tail in tails.items():
                            new = tail.take(await db.newest(feed, tail.since(), limit=4 * PAGE), PAGE)
                            if new:
                                yield _event(feed, [_plain(r) for r in reversed(new)])
                                sent = True
                    if sent:
                        quiet_since = loop.time()
                    elif loop.time() - quiet_since >= KEEP_ALIVE_SECONDS:
                        quiet_since = loop.time()
                        yield ": keep-alive\n\n"

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def health(request: Request) -> Response:
        await db.rows("SELECT 1")
        return PlainTextResponse("ok")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.pool.open()
        try:
            yield
        finally:
            await overseers.close_all()
            await db.pool.close()

    app = Starlette(
        routes=[
            Route("/", lambda r: RedirectResponse("/activity")),
            Route("/activity", activity),
            Route("/messages", messages),
            Route("/messages/{message_id}", thread),
            Route("/agents", agents),
            Route("/scheduler", scheduler),
            Route("/reminders", reminders),
            Route("/knowledge", knowledge),
            Route("/events", events),
            Route("/healthz", health),
            *voice.routes(db, overseers, page),
            Mount("/static", app=StaticFiles(directory=str(_ROOT / "static")), name="static"),
        ],
        middleware=[Middleware(Guard, check=auth)],
        lifespan=lifespan,
    )
    return app


class Guard:
    """Pure ASGI middleware (streams pass through untouched): HTTP Basic auth when
    configured, and the security headers on every response."""

    HEADERS = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app: ASGIApp, check: Callable[[Request], bool] | None) -> None:
        self.app, self.check = app, check

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.check is not None and not self.check(Request(scope)):
            response = PlainTextResponse(
                "credentials required",
                status_code=401,
                headers={"WWW-Authenticate": 'Basic realm="claude-gateway"'},
            )
            await response(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        out[k] = v.isoformat() if isinstance(v, datetime) else str(v) if isinstance(v, UUID) else v
    return out


def _event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, default=str)}\n\n"
