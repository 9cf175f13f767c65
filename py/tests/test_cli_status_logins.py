"""`claude-gateway status` for logins that do not own the schema.

It crashed with a traceback for any non-owner login (permission denied for
table activity_feed); it now counts what the login may read (the views for
agents and readers) and says "no access" for the rest.  The logins are real
LOGIN roles, members of claude_reader / claude_agent / claude_admin.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

import psycopg
import pytest
from psycopg import conninfo


def status(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_READ_URL")}
    env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "claude_gateway.cli", "status", *args],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("group", ["claude_reader", "claude_agent", "claude_admin"])
def test_status_as_a_non_owner_login_reads_what_it_may(login_role: Callable[[str], str], group: str,
                                                       dsn: str) -> None:
    url = login_role(group)
    res = status(url, "--json")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    info = json.loads(res.stdout)
    with psycopg.connect(dsn) as c:
        tables = {r[0] for r in c.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'claude'::regnamespace AND relkind = 'r'")}
        views = {r[0] for r in c.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'claude'::regnamespace AND relkind = 'v'")}
        readable_views = {r[0] for r in c.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'claude'::regnamespace AND relkind = 'v'"
            " AND has_table_privilege(%s, oid, 'SELECT')", (conninfo.conninfo_to_dict(url)["user"],))}
    assert set(info["tables"]) == tables
    assert set(info["views"]) == views
    assert readable_views, f"{group} reads some view"
    assert {v for v, n in info["views"].items() if n is not None} == readable_views
    assert all(isinstance(info["views"][v], int) for v in readable_views)
    # The same in text, without a traceback.
    text = status(url)
    assert text.returncode == 0, text.stdout + text.stderr
    assert "no access" in text.stdout or group == "claude_admin"
    assert "inbox" in text.stdout


def test_status_as_the_owner_counts_every_table(dsn: str) -> None:
    res = status(dsn, "--json")
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["tables"] and all(isinstance(n, int) for n in info["tables"].values())
    assert info["migrations"]
