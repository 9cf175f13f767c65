"""Who this agent is when nothing says so: cheap to import (the edit guard runs on every edit)."""

from __future__ import annotations

import os

IDENTITY_ENV = "CLAUDE_GATEWAY_IDENTITY"


def identity_from_env() -> str | None:
    """$CLAUDE_GATEWAY_IDENTITY, or None when unset or blank."""
    return os.environ.get(IDENTITY_ENV, "").strip() or None


def local_identity_name() -> str:
    """`<user>@<host>`: the identity of last resort.  (getpass.getuser's order of variables,
    then the password database; the host name up to its first dot.)"""
    user = next((os.environ[v] for v in ("LOGNAME", "USER", "LNAME", "USERNAME") if os.environ.get(v)), None)
    if user is None:
        try:
            import pwd

            user = pwd.getpwuid(os.getuid()).pw_name
        except (ImportError, KeyError, OSError):
            user = "claude"
    try:
        host = os.uname().nodename
    except AttributeError:  # Windows
        import socket

        host = socket.gethostname()
    return f"{user}@{host.split('.')[0]}"
