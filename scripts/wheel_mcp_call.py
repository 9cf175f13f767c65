"""One MCP call through the official SDK client over stdio (used by scripts/test_wheel.sh).

Usage: python wheel_mcp_call.py /path/to/claude-gateway
Starts `claude-gateway mcp` (environment inherited: the throwaway cluster's
CLAUDE_GATEWAY_HOME/PORT), lists the tools, registers an identity, reads it
back through get_active_identities, and prints one line.  Exits 1 on any miss.
"""

from __future__ import annotations

import json
import os
import sys
import uuid

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


async def main(command: str) -> int:
    params = StdioServerParameters(command=command, args=["mcp"], env=dict(os.environ))
    name = f"wheel-{uuid.uuid4().hex[:8]}"
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = (await session.list_tools()).tools
        result = await session.call_tool("register_identity", {
            "identity_name": name, "platform": "claude-code", "role_description": "wheel test"})
        if result.is_error:
            print(f"mcp: register_identity failed: {result.content[0].text}", file=sys.stderr)
            return 1
        registered = json.loads(result.content[0].text)
        listed = await session.call_tool("get_active_identities", {})
        page = json.loads(listed.content[0].text)  # a page: {"result": [...], "next_offset": ...}
        names = [row["identity_name"] for row in page["result"]]
    if name not in names:
        print(f"mcp: {name} registered ({registered}) but not listed", file=sys.stderr)
        return 1
    print(f"mcp: {len(tools)} tools; register_identity -> {registered}; listed by get_active_identities")
    return 0


if __name__ == "__main__":
    sys.exit(anyio.run(main, sys.argv[1]))
