"""One query through libpq itself, for the hooks that run on every edit.

`claude-gateway guard` runs before every Edit/Write of an agent, so its whole
process must stay well under a human-noticeable delay.  Importing psycopg
alone costs more than the rest of the guard put together, so the guard talks
to libpq (the PostgreSQL client library psycopg itself wraps) through ctypes:
connect, one parameterised query in text format, close.  When no libpq can be
loaded (no system libpq and no psycopg-binary wheel), it falls back to
psycopg.  Nothing here is used by the rest of the package.
"""

from __future__ import annotations

import ctypes
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only
    from collections.abc import Sequence

_CONNECTION_OK = 0
_PGRES_TUPLES_OK = 2
_PG_DIAG_SQLSTATE = ord("C")
_PG_DIAG_MESSAGE_PRIMARY = ord("M")


class QueryError(RuntimeError):
    """The connection or the query failed; `sqlstate` when the server said why."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


_SYSTEM_NAMES = ("libpq.so.5", "libpq.5.dylib", "libpq.dylib", "libpq.so")


def _bundled() -> list[str]:
    """The libpq bundled with the psycopg-binary wheel (found without importing it)."""
    import glob
    from importlib.util import find_spec

    try:
        spec = find_spec("psycopg_binary")
    except (ImportError, ValueError):
        return []
    found: list[str] = []
    for location in (spec.submodule_search_locations or []) if spec else []:
        parent = os.path.dirname(location)
        found += sorted(glob.glob(os.path.join(parent, "psycopg_binary.libs", "libpq*.so*")))
        found += sorted(glob.glob(os.path.join(parent, "psycopg_binary", ".dylibs", "libpq*.dylib")))
    return found


_LIB: ctypes.CDLL | None = None


def _libpq() -> ctypes.CDLL | None:
    global _LIB
    if _LIB is not None:
        return _LIB
    lib = None
    for name in _SYSTEM_NAMES:
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    for name in [] if lib is not None else _bundled():
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if lib is not None:
        p, c = ctypes.c_void_p, ctypes.c_char_p
        lib.PQconnectdb.restype, lib.PQconnectdb.argtypes = p, [c]
        lib.PQstatus.restype, lib.PQstatus.argtypes = ctypes.c_int, [p]
        lib.PQerrorMessage.restype, lib.PQerrorMessage.argtypes = c, [p]
        lib.PQexecParams.restype = p
        lib.PQexecParams.argtypes = [p, c, ctypes.c_int, p, ctypes.POINTER(c), p, p, ctypes.c_int]
        lib.PQresultStatus.restype, lib.PQresultStatus.argtypes = ctypes.c_int, [p]
        lib.PQresultErrorField.restype, lib.PQresultErrorField.argtypes = c, [p, ctypes.c_int]
        lib.PQresultErrorMessage.restype, lib.PQresultErrorMessage.argtypes = c, [p]
        lib.PQntuples.restype, lib.PQntuples.argtypes = ctypes.c_int, [p]
        lib.PQnfields.restype, lib.PQnfields.argtypes = ctypes.c_int, [p]
        lib.PQgetvalue.restype, lib.PQgetvalue.argtypes = c, [p, ctypes.c_int, ctypes.c_int]
        lib.PQgetisnull.restype, lib.PQgetisnull.argtypes = ctypes.c_int, [p, ctypes.c_int, ctypes.c_int]
        lib.PQclear.restype, lib.PQclear.argtypes = None, [p]
        lib.PQfinish.restype, lib.PQfinish.argtypes = None, [p]
        _LIB = lib
        return lib
    return None


def _text(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", errors="replace").strip()


def query(dsn: str, sql: str, params: Sequence[str | None] = ()) -> list[tuple[str | None, ...]]:
    """Run one statement with $1.. text parameters; every value comes back as text (or None)."""
    lib = _libpq()
    if lib is None:
        return _query_psycopg(dsn, sql, params)
    conn = lib.PQconnectdb(dsn.encode())
    if not conn:
        raise QueryError("out of memory")
    try:
        if lib.PQstatus(conn) != _CONNECTION_OK:
            raise QueryError(_text(lib.PQerrorMessage(conn)) or "cannot connect")
        values = (ctypes.c_char_p * max(len(params), 1))(
            *[None if v is None else v.encode() for v in params])
        res = lib.PQexecParams(conn, sql.encode(), len(params), None, values, None, None, 0)
        if not res:
            raise QueryError(_text(lib.PQerrorMessage(conn)) or "query failed")
        try:
            if lib.PQresultStatus(res) != _PGRES_TUPLES_OK:
                raise QueryError(_text(lib.PQresultErrorField(res, _PG_DIAG_MESSAGE_PRIMARY))
                                 or _text(lib.PQresultErrorMessage(res)) or "query failed",
                                 _text(lib.PQresultErrorField(res, _PG_DIAG_SQLSTATE)) or None)
            rows: list[tuple[str | None, ...]] = []
            for r in range(lib.PQntuples(res)):
                rows.append(tuple(
                    None if lib.PQgetisnull(res, r, f) else _text_exact(lib.PQgetvalue(res, r, f))
                    for f in range(lib.PQnfields(res))))
            return rows
        finally:
            lib.PQclear(res)
    finally:
        lib.PQfinish(conn)


def _text_exact(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", errors="replace")


def _query_psycopg(dsn: str, sql: str, params: Sequence[str | None]) -> list[tuple[str | None, ...]]:
    import re

    import psycopg

    # $n placeholders -> psycopg's %s (each used once, in order; no literal %).
    text = re.sub(r"\$\d+", "%s", sql)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            cur = conn.cursor(binary=False)
            cur.execute(text, list(params))
            return [tuple(None if v is None else str(v) for v in row) for row in cur.fetchall()]
    except psycopg.Error as exc:
        raise QueryError(str(exc).strip().splitlines()[0] if str(exc).strip() else "query failed",
                         getattr(exc, "sqlstate", None)) from exc

