"""libpq through ctypes: the one binding the lean hooks (fasthook.py, guard.py) query with.

The hooks run on every prompt, tool call and edit, so their whole process must
stay well under a human-noticeable delay.  Importing psycopg alone costs more
than the rest of a hook put together, so they talk to libpq (the PostgreSQL
client library psycopg itself wraps) through ctypes: connect, one
parameterised statement in text format, close.  When no libpq can be loaded
(no system libpq and no psycopg-binary wheel), psycopg's own binding of libpq
(`psycopg.pq`) runs the same calls.

Lean like its callers: only modules built into the interpreter and ctypes, and
importable with `python -I -S` (it adds the site-packages itself, and only to
look for the libpq bundled with psycopg-binary).
"""

from __future__ import annotations

import ctypes
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from collections.abc import Iterator, Sequence
    from typing import Any

    Row = tuple[str | None, ...]  # a row: every value as text, or None for NULL

_CONNECTION_OK = 0
_PGRES_TUPLES_OK = 2
_PG_DIAG_SQLSTATE = ord("C")
_PG_DIAG_MESSAGE_PRIMARY = ord("M")
_SYSTEM_NAMES = ("libpq.so.5", "libpq.5.dylib", "libpq.dylib", "libpq.so")


class QueryError(RuntimeError):
    """The connection or the statement failed; `sqlstate` when the server said why."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _candidates() -> Iterator[str | None]:
    """Where libpq may be: the usual names first (find_library runs ldconfig), then the copy
    the psycopg-binary wheel bundles (found without importing it)."""
    yield from _SYSTEM_NAMES
    if sys.flags.no_site:  # -S: the site-packages are not on sys.path yet
        import site

        site.main()
    import glob

    for entry in list(sys.path):
        yield from sorted(glob.glob(os.path.join(entry, "psycopg_binary.libs", "libpq*.so*")))
        yield from sorted(glob.glob(os.path.join(entry, "psycopg_binary", ".dylibs", "libpq*.dylib")))
    import ctypes.util

    yield ctypes.util.find_library("pq")


_LIB: Any = None  # the loaded library; False when none loads


def _libpq() -> Any:
    """libpq with the signatures used here, or None when none can be loaded."""
    global _LIB
    if _LIB is None:
        _LIB = False
        for name in _candidates():
            if not name:
                continue
            try:
                lib = ctypes.CDLL(name)
            except OSError:
                continue
            p, c, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
            lib.PQconnectdb.restype, lib.PQconnectdb.argtypes = p, [c]
            lib.PQstatus.restype, lib.PQstatus.argtypes = i, [p]
            lib.PQerrorMessage.restype, lib.PQerrorMessage.argtypes = c, [p]
            lib.PQexecParams.restype = p
            lib.PQexecParams.argtypes = [p, c, i, p, ctypes.POINTER(c), p, p, i]
            lib.PQresultStatus.restype, lib.PQresultStatus.argtypes = i, [p]
            lib.PQresultErrorField.restype, lib.PQresultErrorField.argtypes = c, [p, i]
            lib.PQresultErrorMessage.restype, lib.PQresultErrorMessage.argtypes = c, [p]
            lib.PQntuples.restype, lib.PQntuples.argtypes = i, [p]
            lib.PQnfields.restype, lib.PQnfields.argtypes = i, [p]
            lib.PQgetvalue.restype, lib.PQgetvalue.argtypes = c, [p, i, i]
            lib.PQgetisnull.restype, lib.PQgetisnull.argtypes = i, [p, i, i]
            lib.PQclear.restype, lib.PQclear.argtypes = None, [p]
            lib.PQfinish.restype, lib.PQfinish.argtypes = None, [p]
            _LIB = lib
            break
    return _LIB or None


def _text(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", errors="replace").strip()


def _value(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", errors="replace")


def query(dsn: str, sql: str, params: Sequence[str | None] = ()) -> list[Row]:
    """Run one statement with $1.. text parameters; every value comes back as text (or None).

    Raises QueryError when the connection or the statement fails (with the SQLSTATE the
    server sent)."""
    lib = _libpq()
    encoded = [None if v is None else v.encode() for v in params]
    if lib is None:
        return _query_psycopg(dsn, sql, encoded)
    conn = lib.PQconnectdb(dsn.encode())
    if not conn:
        raise QueryError("out of memory")
    try:
        if lib.PQstatus(conn) != _CONNECTION_OK:
            raise QueryError(_text(lib.PQerrorMessage(conn)) or "cannot connect")
        values = (ctypes.c_char_p * max(len(encoded), 1))(*encoded)
        res = lib.PQexecParams(conn, sql.encode(), len(encoded), None, values, None, None, 0)
        if not res:
            raise QueryError(_text(lib.PQerrorMessage(conn)) or "query failed")
        try:
            if lib.PQresultStatus(res) != _PGRES_TUPLES_OK:
                raise QueryError(_text(lib.PQresultErrorField(res, _PG_DIAG_MESSAGE_PRIMARY))
                                 or _text(lib.PQresultErrorMessage(res)) or "query failed",
                                 _text(lib.PQresultErrorField(res, _PG_DIAG_SQLSTATE)) or None)
            return [tuple(None if lib.PQgetisnull(res, r, f) else _value(lib.PQgetvalue(res, r, f))
                          for f in range(lib.PQnfields(res)))
                    for r in range(lib.PQntuples(res))]
        finally:
            lib.PQclear(res)
    finally:
        lib.PQfinish(conn)


def first(dsn: str, sql: str, params: Sequence[str | None] = ()) -> str | None:
    """The first column of the first row as text; None for no row, NULL, or any failure."""
    try:
        rows = query(dsn, sql, params)
    except QueryError:
        return None
    return rows[0][0] if rows and rows[0] else None


def _query_psycopg(dsn: str, sql: str, encoded: list[bytes | None]) -> list[Row]:
    """query() through psycopg's binding of libpq (psycopg.pq: the same calls, no SQL parsing)."""
    from psycopg import pq

    pgconn = pq.PGconn.connect(dsn.encode())
    try:
        if pgconn.status != pq.ConnStatus.OK:
            raise QueryError(_text(pgconn.error_message) or "cannot connect")
        res = pgconn.exec_params(sql.encode(), encoded)
        if res.status != pq.ExecStatus.TUPLES_OK:
            raise QueryError(_text(res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY))
                             or _text(res.error_message) or "query failed",
                             _text(res.error_field(pq.DiagnosticField.SQLSTATE)) or None)
        return [tuple(None if res.get_value(r, f) is None else _value(res.get_value(r, f))
                      for f in range(res.nfields))
                for r in range(res.ntuples)]
    finally:
        pgconn.finish()
