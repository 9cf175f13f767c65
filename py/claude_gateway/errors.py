"""Exceptions raised by the gateway client: one class per contract SQLSTATE.

The SQLSTATE is the contract (docs/RULES.md, "Errors"); the classes only give
callers something to catch.  Every exception keeps what the server said:
`sqlstate`, `message`, `detail`, `hint` and `constraint_name`.

    P0002 -> NotFound        (also a LookupError)
    22023 -> InvalidArgument (also a ValueError)
    22001 -> ValueTooLong    (a subclass of InvalidArgument: a too-long text is a bad argument)
    any other 22xxx (data exception: a malformed UUID 22P02, a number or time out
    of range 22003/22008, ...) and psycopg's client-side DataError (an argument it
    cannot send, such as a NUL in a text) -> InvalidArgument: a bad argument too
    55000 -> InvalidState
    23505 -> AlreadyExists
    42501 -> PermissionDenied (also a PermissionError): the login may not do this, e.g. act as
             another identity (docs/RULES.md, "Identity from the connection")
    25006 -> ReadOnly        (a write sent to a hot standby / read-only database; with a HINT)
    class 08, class 57 but 57014, or no server reached -> Unavailable
    anything else -> GatewayError
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: the hooks start lean
if TYPE_CHECKING:
    from typing import Any


class GatewayError(Exception):
    """An error reported by the gateway database, with its SQLSTATE and diagnostics."""

    sqlstate: str | None

    def __init__(
        self,
        message: str,
        *,
        sqlstate: str | None = None,
        detail: str | None = None,
        hint: str | None = None,
        constraint_name: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sqlstate = sqlstate
        self.detail = detail
        self.hint = hint
        self.constraint_name = constraint_name

    def __str__(self) -> str:
        text = self.message
        if self.detail:
            text += f"\nDETAIL: {self.detail}"
        if self.hint:
            text += f"\nHINT: {self.hint}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, sqlstate={self.sqlstate!r})"


class NotFound(GatewayError, LookupError):
    """P0002: a referenced row (identity, session, message, job, ...) does not exist."""


class InvalidArgument(GatewayError, ValueError):
    """22023: a bad argument (unknown enum value, missing field, malformed cron, ...)."""


class ValueTooLong(InvalidArgument):
    """22001: a text longer than its column."""


class InvalidState(GatewayError):
    """55000: a rule about state (second active session, ending an ended session, ...)."""


class AlreadyExists(GatewayError):
    """23505: a duplicate name (active identity name, job name)."""


class ReadOnly(GatewayError):
    """25006: a write reached a read-only database (a hot standby, e.g. DATABASE_READ_URL)."""


READ_ONLY_HINT = (
    "This database is read-only (a hot standby, or default_transaction_read_only is on). "
    "Send writes to the primary (DATABASE_URL); DATABASE_READ_URL is for reading commands only."
)

POOL_WAIT_HINT = (
    "PgBouncer gave up waiting for a free server connection. In pool_mode=session every client "
    "connection holds a server connection: keep the clients' pools together within PgBouncer's "
    "pool_size (CLAUDE_GATEWAY_POOL_SIZE caps this client's pool), or use pool_mode=transaction."
)


class PermissionDenied(GatewayError, PermissionError):
    """42501: the connection's login may not do this (act as another identity, call an admin tool, ...)."""


class Unavailable(GatewayError):
    """The database cannot be reached or went away: SQLSTATE class 08 (connection exception),
    class 57 "operator intervention" but 57014 (57P01 admin shutdown on a server restart or
    pg_terminate_backend, 57P02 crash shutdown, 57P03 cannot connect now, ...), or no
    connection at all.  The call may be tried again once the server is back."""


SQLSTATE_CLASSES: dict[str, type[GatewayError]] = {
    "P0002": NotFound,
    "22023": InvalidArgument,
    "22001": ValueTooLong,
    "55000": InvalidState,
    "23505": AlreadyExists,
    "42501": PermissionDenied,
    "25006": ReadOnly,
}


def class_for(sqlstate: str | None) -> type[GatewayError]:
    """The exception class for a SQLSTATE (GatewayError when it has no class of its own)."""
    if sqlstate in SQLSTATE_CLASSES:
        return SQLSTATE_CLASSES[sqlstate]
    if sqlstate is not None and (sqlstate.startswith("08")
                                 or (sqlstate.startswith("57") and sqlstate != "57014")):
        return Unavailable  # 57014 (query_canceled: a statement timeout) is not an outage
    if sqlstate is not None and sqlstate.startswith("22"):
        return InvalidArgument  # data exceptions: the argument could not become its parameter's type
    return GatewayError


def from_psycopg(exc: Exception) -> GatewayError:
    """Translate a psycopg error into the gateway's exception, keeping its diagnostics."""
    import psycopg

    if isinstance(exc, GatewayError):
        return exc
    diag: Any = getattr(exc, "diag", None)
    sqlstate: str | None = getattr(exc, "sqlstate", None)
    message = (getattr(diag, "message_primary", None) if diag is not None else None) or str(exc)
    cls = class_for(sqlstate)
    if sqlstate is None and isinstance(exc, psycopg.OperationalError):
        cls = Unavailable  # no server answered: refused, timed out, pool exhausted
    hint = getattr(diag, "message_hint", None) if diag is not None else None
    if sqlstate == "25006" and not hint:
        hint = READ_ONLY_HINT
    elif "query_wait_timeout" in message and not hint:
        cls, hint = Unavailable, POOL_WAIT_HINT
    elif sqlstate is None and isinstance(exc, psycopg.DataError):
        cls = InvalidArgument  # refused client-side while sending the arguments (a NUL in a text, ...)
    return cls(
        message.strip(),
        sqlstate=sqlstate,
        detail=getattr(diag, "message_detail", None) if diag is not None else None,
        hint=hint,
        constraint_name=getattr(diag, "constraint_name", None) if diag is not None else None,
    )
