"""The human's voice on Mission Control Web: overseers sign in, send, broadcast, answer.

The dashboard reads as a reader login; a person signs in with their own PostgreSQL
login (a member of `claude_overseer`).  PostgreSQL checks the credentials: the app
opens a connection as that login and keeps the connection (never the password) for
the life of the sign-in.  Everything the overseer does runs on that connection, so
the database sees the person's login: it marks their messages `from_overseer` and
lets only them answer questions (claude.answer_question).

The browser holds only a random token, signed with a secret made when the process
starts (a restart signs everyone out), in an HttpOnly, SameSite=Strict cookie.
Every form carries a CSRF token (the sign-in form a double-submit cookie, the
others the sign-in's own token), compared in constant time.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import psycopg
from psycopg import conninfo
from psycopg.rows import dict_row
from starlette.requests import Request

from ..client import AsyncGateway, on_connection_async
from ..errors import GatewayError

SESSION_COOKIE = "cgw_overseer"
CSRF_COOKIE = "cgw_csrf"
MAX_SIGNED_IN = 50  # connections the app holds for people at most
IDLE_SECONDS = 8 * 3600
MAX_FORM_BYTES = 256 * 1024
_KEEP = {"host", "hostaddr", "port", "dbname", "sslmode", "sslrootcert", "sslcrl", "sslnegotiation",
         "target_session_attrs", "gssencmode", "channel_binding", "options"}


class FormError(ValueError):
    """A form the page refuses (bad CSRF token, too large, missing field)."""


@dataclass
class Overseer:
    """One signed-in person: their login's connection and their identity."""

    token: str
    login: str
    identity_id: UUID
    identity_name: str
    csrf: str
    conn: psycopg.AsyncConnection[Any]  # tuple rows: the generated client reads them by position
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_used: float = field(default_factory=time.monotonic)


class SignInRefused(Exception):
    """Sign-in refused; the message is shown to the person (it never holds a password)."""


class Overseers:
    """The signed-in overseers of this process, keyed by a random token."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.secret = secrets.token_bytes(32)  # per process: a restart signs everyone out
        self.by_token: dict[str, Overseer] = {}

    # -- cookies -------------------------------------------------------------
    def sign(self, value: str) -> str:
        mac = hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()
        return f"{value}.{mac}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, mac = signed.rsplit(".", 1)
        good = hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()
        return value if hmac.compare_digest(mac, good) else None

    def current(self, request: Request) -> Overseer | None:
        token = self.unsign(request.cookies.get(SESSION_COOKIE))
        who = self.by_token.get(token) if token else None
        if who is None:
            return None
        if time.monotonic() - who.last_used > IDLE_SECONDS or who.conn.closed:
            self.by_token.pop(who.token, None)
            asyncio.ensure_future(who.conn.close())
            return None
        who.last_used = time.monotonic()
        return who

    # -- sign in and out -----------------------------------------------------
    async def sign_in(self, login: str, password: str) -> Overseer:
        login = login.strip()
        if not login or len(login) > 63:
            raise SignInRefused("enter your PostgreSQL login name (at most 63 characters)")
        if len(password) > 1024:
            raise SignInRefused("that password is too long")
        if len(self.by_token) >= MAX_SIGNED_IN:
            self._drop_idle()
            if len(self.by_token) >= MAX_SIGNED_IN:
                raise SignInRefused(f"{MAX_SIGNED_IN} people are signed in already; try again later")
        # The server, database and TLS settings of the dashboard's DSN; never its
        # credentials, nor a password file (the person's own password or nothing).
        params: dict[str, Any] = {k: v for k, v in conninfo.conninfo_to_dict(self.dsn).items()
                                  if k in _KEEP and v is not None}
        params.update(user=login, passfile=os.devnull, connect_timeout=10,
                      application_name="claude-gateway-web-overseer")
        if password:
            params["password"] = password
        try:
            conn = await psycopg.AsyncConnection.connect(
                conninfo.make_conninfo("", **params),
                autocommit=True, prepare_threshold=None,
            )
        except psycopg.OperationalError as exc:
            # libpq's reason (e.g. password authentication failed for user "x"); never the password.
            reason = (str(exc).strip().splitlines() or ["refused"])[-1]
            reason = reason.replace(password, "***") if password else reason
            raise SignInRefused(f"PostgreSQL refused the login {login!r}: {reason}") from None
        try:
            cur = conn.cursor(row_factory=dict_row)
            await cur.execute(
                "SELECT session_user::text AS login,"
                "       pg_has_role(session_user, 'claude_overseer', 'MEMBER')"
                "       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS overseer")
            row = await cur.fetchone()
            if not row or not row["overseer"]:
                raise SignInRefused(
                    f"login {login!r} is not a human overseer (not a member of claude_overseer): "
                    "only overseers sign in here; the pages stay readable without signing in")
            await cur.execute(
                "SELECT i.identity_id, i.identity_name FROM claude.identities_overview i"
                " WHERE i.identity_id = claude.whoami()")
            me = await cur.fetchone()
            if not me:
                raise SignInRefused(
                    f"login {login!r} is an overseer but bound to no identity: an admin binds it "
                    "(claude-gateway overseer add, or claude.bind_identity)")
        except psycopg.Error as exc:
            await conn.close()
            raise SignInRefused(f"login {login!r} cannot use the gateway: {db_error(exc)}") from None
        except BaseException:
            await conn.close()
            raise
        who = Overseer(token=secrets.token_urlsafe(32), login=row["login"], identity_id=me["identity_id"],
                       identity_name=me["identity_name"], csrf=secrets.token_urlsafe(32), conn=conn)
        self.by_token[who.token] = who
        return who

    async def sign_out(self, who: Overseer) -> None:
        self.by_token.pop(who.token, None)
        await who.conn.close()

    async def close_all(self) -> None:
        for who in list(self.by_token.values()):
            await self.sign_out(who)

    def _drop_idle(self) -> None:
        now = time.monotonic()
        for who in list(self.by_token.values()):
            if now - who.last_used > IDLE_SECONDS or who.conn.closed:
                self.by_token.pop(who.token, None)
                asyncio.ensure_future(who.conn.close())

    # -- acting as the overseer ----------------------------------------------
    @asynccontextmanager
    async def acting(self, who: Overseer) -> AsyncIterator[AsyncGateway]:
        """The generated client on the overseer's own connection, theirs alone while it is held."""
        async with who.lock:
            yield on_connection_async(who.conn, prepare=False)

    async def session_for(self, who: Overseer, project: str) -> UUID:
        """The overseer's active session, started in `project` when there is none."""
        async with self.acting(who) as api:
            found = await api.get_active_session(identity_id=who.identity_id)
            if found is not None:
                return found
            return await api.start_session(identity_id=who.identity_id, project_name=project)


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form (the only kind these pages send), bounded; first value of each field."""
    if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        raise FormError("expected a form (application/x-www-form-urlencoded)")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormError(f"the form is larger than {MAX_FORM_BYTES // 1024} KiB")
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise FormError("the form is not UTF-8") from None
    return {k: v[0] for k, v in parsed.items()}


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


def db_error(exc: psycopg.Error | GatewayError) -> str:
    """What the database said (message and hint), without a traceback."""
    message: str | None
    if isinstance(exc, GatewayError):
        message, sqlstate, hint = exc.message, exc.sqlstate, exc.hint
    else:
        message, sqlstate, hint = exc.diag.message_primary, exc.diag.sqlstate, exc.diag.message_hint
    text = message or (str(exc).strip().splitlines() or ["error"])[0]
    if sqlstate:
        text = f"{text} ({sqlstate})"
    if hint:
        text += f". {hint}"
    return text
