"""Keep passwords out of what the doors print (docs/BOUNDS.md: no door prints a password).

`mask(text)` hides the password of every connection string in `text` (the
`user:password@` of a URL, `password=...` of a key=value string) and any
occurrence of the password of DATABASE_URL or PGPASSWORD.  Errors, `status`,
`db status` and the hooks' context go through it.  `db url` and `db env` are
the two commands meant to print a usable DSN (scripts read them), so they do
not mask.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

MASK = "***"
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]*:)[^\s@/]*@")
_KEY_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s'\"]+)", re.IGNORECASE)


def _secrets() -> list[str]:
    found: list[str] = []
    url = os.environ.get("DATABASE_URL") or ""
    if url:
        try:
            from psycopg.conninfo import conninfo_to_dict

            password = conninfo_to_dict(url).get("password")
        except Exception:  # noqa: BLE001 - a malformed DATABASE_URL still gets the patterns below
            password = None
        if password:
            found.append(str(password))
    env_password = os.environ.get("PGPASSWORD")
    if env_password:
        found.append(env_password)
    out: list[str] = []
    for secret in found:
        out.extend({secret, quote(secret, safe=""), quote(secret)})
    # longest first, so that an encoded form is replaced whole
    return sorted((s for s in set(out) if len(s) >= 2), key=len, reverse=True)


def mask(text: object) -> str:
    """`text` with every password it may carry replaced by ***."""
    s = str(text)
    s = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK + "@", s)
    s = _KEY_PASSWORD.sub(lambda m: m.group("head") + MASK, s)
    for secret in _secrets():
        s = s.replace(secret, MASK)
    return s


__all__ = ["mask"]
