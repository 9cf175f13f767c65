"""The command line on a cluster of a test's own: `run_cli(...)` runs `claude-gateway ARGS`
with DATABASE_URL unset (so the CLAUDE_GATEWAY_HOME/PORT of `env` pick the cluster),
`free_port()` finds a loopback port for one, `as_postgres(argv)` runs a server binary
(pg_ctl, pg_basebackup) as the cluster's OS user.  The `throwaway_cluster` fixture
(conftest.py) gives such an environment and stops the cluster afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from claude_gateway import localdb

CLI = [sys.executable, "-m", "claude_gateway.cli"]


def run_cli(*args: str, env: dict[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full_env.update(env or {})
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, env=full_env, timeout=180)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} exited {res.returncode}:\n{res.stdout}\n{res.stderr}")
    return res


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(argv: list[str]) -> list[str]:
    """argv run as the cluster's OS user: as root, through runuser (initdb refuses root)."""
    return (["runuser", "-u", localdb.SUPERUSER, "--"] if os.geteuid() == 0 else []) + argv
