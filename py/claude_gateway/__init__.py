"""claude-gateway: one PostgreSQL database for a family of AI coding agents.

    import claude_gateway
    with claude_gateway.connect() as gw:     # dsn, else DATABASE_URL, else the local cluster
        gw.get_active_identities()

An argument left at `DEFAULT` is not sent, so its SQL default applies.
Importing the package is cheap (the CLI starts fast): psycopg, the pool and the
generated client load on the first connect().
"""

from __future__ import annotations

# Nothing is imported up front: the hooks that run on every tool call (the edit
# guard) import this package too, and typing/dataclasses alone cost more than
# the rest of their work.  The names below load on first use (__getattr__).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from . import errors
    from ._runtime import DEFAULT
    from .client import AsyncGateway, Gateway
    from .errors import (
        AlreadyExists,
        GatewayError,
        InvalidArgument,
        InvalidState,
        NotFound,
        PermissionDenied,
        Unavailable,
        ValueTooLong,
    )

_ERRORS = frozenset({"AlreadyExists", "GatewayError", "InvalidArgument", "InvalidState", "NotFound",
                     "PermissionDenied", "Unavailable", "ValueTooLong"})

__version__ = "0.1.0"

__all__ = [
    "AlreadyExists",
    "AsyncGateway",
    "DEFAULT",
    "Gateway",
    "GatewayError",
    "InvalidArgument",
    "InvalidState",
    "NotFound",
    "PermissionDenied",
    "Unavailable",
    "ValueTooLong",
    "connect",
    "connect_async",
    "errors",
]


def connect(dsn: str | None = None, **options: Any) -> Gateway:
    """A thread-safe Gateway (see claude_gateway.client.connect for the options)."""
    from .client import connect as _connect

    return _connect(dsn, **options)


async def connect_async(dsn: str | None = None, **options: Any) -> AsyncGateway:
    """An asyncio Gateway (see claude_gateway.client.connect_async for the options)."""
    from .client import connect_async as _connect_async

    return await _connect_async(dsn, **options)


def __getattr__(name: str) -> Any:
    # import_module, not `from . import x`: that would ask this __getattr__ again.
    from importlib import import_module

    if name in ("Gateway", "AsyncGateway"):
        return getattr(import_module(".client", __name__), name)
    if name in _ERRORS or name == "errors":
        module = import_module(".errors", __name__)
        return module if name == "errors" else getattr(module, name)
    if name == "DEFAULT":
        return import_module("._runtime", __name__).DEFAULT
    raise AttributeError(f"module 'claude_gateway' has no attribute {name!r}")
