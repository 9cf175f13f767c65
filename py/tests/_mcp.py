"""The MCP server through the MCP SDK's own client over stdio: `server(dsn, *args)` spawns
`python -m claude_gateway.cli mcp ARGS` on `dsn` (every tool unless the arguments pick) and
yields the initialised session; `run(dsn, args, body)` runs `body(session)` on one; `ok` and
`err` unwrap a tool's result (structured content and text agree) or its error."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

REPO = Path(__file__).resolve().parents[2]


@asynccontextmanager
async def server(dsn: str, *args: str) -> AsyncIterator[ClientSession]:
    if "--tools" not in args and "--profile" not in args:
        args = ("--profile", "admin", *args)  # every tool unless the test picks
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "claude_gateway.cli", "mcp", *args],
        env={"DATABASE_URL": dsn}, cwd=REPO,
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


def run(dsn: str, args: list[str], body: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with server(dsn, *args) as session:
            return await body(session)

    return anyio.run(main)


def ok(result: Any) -> Any:
    assert not result.is_error, result.content[0].text
    structured = json.loads(result.content[0].text)  # the text is the structured content
    assert result.structured_content == structured
    return structured["result"]


def err(result: Any) -> dict[str, Any]:
    assert result.is_error, result.content[0].text
    return json.loads(result.content[0].text)
