"""Arguments that cannot become their parameter's type are InvalidArgument, at every door.

A malformed UUID (22P02), a number out of range (22003), a NUL in a text
(refused by psycopg before sending: DataError without a SQLSTATE): the client
raises InvalidArgument (a ValueError) with the server's SQLSTATE kept; the CLI
refuses a malformed id as a usage error (exit 2), without a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import claude_gateway
from claude_gateway import InvalidArgument
from claude_gateway.errors import GatewayError, ValueTooLong, class_for

CASES: list[tuple[str, Callable[[Any], object], str | None]] = [
    ("malformed uuid", lambda gw: gw.get_active_session(identity_id="not-a-uuid"), "22P02"),
    ("integer out of range", lambda gw: gw.get_recent_activity(limit=2**40), "22003"),
    ("NUL in a text", lambda gw: gw.register_identity(identity_name="a\x00b", platform="claude-code",
                                                      role_description="x"), None),
]


@pytest.mark.parametrize(("what", "call", "sqlstate"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_argument_is_invalid_argument(dsn: str, what: str, call: Callable[[Any], object],
                                            sqlstate: str | None) -> None:
    with claude_gateway.connect(dsn) as gw, pytest.raises(InvalidArgument) as caught:
        call(gw)
    assert isinstance(caught.value, ValueError)
    assert caught.value.sqlstate == sqlstate, what


def test_the_classes_of_sqlstates() -> None:
    assert class_for("22P02") is InvalidArgument
    assert class_for("22008") is InvalidArgument
    assert class_for("22001") is ValueTooLong
    assert class_for("42P01") is GatewayError


def test_the_cli_refuses_a_malformed_id_as_usage(dsn: str) -> None:
    res = subprocess.run([sys.executable, "-m", "claude_gateway.cli", "reminders", "--done", "nope"],
                         capture_output=True, text=True, env={**os.environ, "DATABASE_URL": dsn},
                         timeout=60, check=False)
    assert res.returncode == 2, res
    assert "'nope' is not a valid UUID" in res.stderr
    assert "Traceback" not in res.stderr
