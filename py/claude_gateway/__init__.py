"""claude-gateway: one PostgreSQL database for a family of AI coding agents.

    import claude_gateway
    with claude_gateway.connect() as gw:     # dsn, else DATABASE_URL, else the local cluster
        gw.get_active_identities()

An argument left at `DEFAULT` is not sent, so its SQL default applies.
Importing the package is cheap (the CLI starts fast): psycopg, the pool and the
generated client load on the first connect().
"""

from __future__ import annotations

from . import errors
from .errors import (
    AlreadyExists,
    GatewayError,
    InvalidArgument,
    InvalidState,
    NotFound,
    PermissionDenied,
    ReadOnly,
    Unavailable,
    ValueTooLong,
)

TYPE_CHECKING = False  # typing is not imported at run time: the hooks start lean
if TYPE_CHECKING:
    from typing import Any

    from ._runtime import DEFAULT
    from .client import AsyncGateway, Gateway

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
    "ReadOnly",
    "Unavailable",
    "ValueTooLong",
    "connect",
    "connect_async",
    "errors",
]


def connect(dsn: str | None = None, **options: Any) -> Gateway:
    """A thread-safe Gateway (see claude_gateway.client.connect for the options)."""
    from .client import connect as _connect

    gw: Gateway = _connect(dsn, **options)
    return gw


async def connect_async(dsn: str | None = None, **options: Any) -> AsyncGateway:
    """An asyncio Gateway (see claude_gateway.client.connect_async for the options)."""
    from .client import connect_async as _connect_async

    return await _connect_async(dsn, **options)


def __getattr__(name: str) -> Any:
    if name == "DEFAULT":  # loaded on use: the hooks import the package and must start fast
        from ._runtime import DEFAULT

        return DEFAULT
    if name in ("Gateway", "AsyncGateway"):
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module 'claude_gateway' has no attribute {name!r}")
