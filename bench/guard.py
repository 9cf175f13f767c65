"""The `guard` benchmark: whole-process wall time of `claude-gateway guard`, the
Claude Code PreToolUse hook that runs before every Edit/Write of an agent.

In a git repository named after a fresh project of the benchmark database, one
identity holds LEASES live leases (`src/**` among them, the rest in other
folders); another identity's guard is run as Claude Code runs it: a new
process, the real PreToolUse JSON on stdin, DATABASE_URL set.  Two cases:

- denied: an Edit of src/app.py (held exclusively by the other identity):
  the process prints the deny JSON;
- allowed: an Edit of README.md (nobody holds it): the process prints nothing.

Each run alternates with a bare `python -c pass` (the floor of any Python
hook), so a busy neighbour hurts both.  Target: p50 <= 150 ms per case.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from .measure import GATEWAY
from .report import Result, skipped

LEASES = 200
RUNS = 40
TARGET_MS = 150.0


def _hook(repo: Path, path: Path) -> str:
    return json.dumps({
        "session_id": str(uuid.uuid4()), "transcript_path": str(repo / "transcript.jsonl"),
        "cwd": str(repo), "permission_mode": "default", "hook_event_name": "PreToolUse",
        "tool_name": "Edit", "tool_use_id": "toolu_bench",
        "tool_input": {"file_path": str(path), "old_string": "a", "new_string": "b", "replace_all": False},
    })


def _setup(conn: psycopg.Connection, project: str) -> tuple[str, str]:
    """Two identities with sessions in `project`; the first holds LEASES leases. Returns their names."""
    names = (f"bench-holder-{project}", f"bench-editor-{project}")
    sessions = []
    for name in names:
        ident = conn.execute("SELECT claude.register_identity(identity_name => %s, platform => 'bench',"
                             " role_description => 'bench')", (name,)).fetchone()[0]  # type: ignore[index]
        sessions.append(conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                                     (ident, project)).fetchone()[0])  # type: ignore[index]
    paths = ["src/**"] + [f"pkg{i}/**" for i in range(LEASES - 1)]
    conn.execute("SELECT count(*) FROM claude.acquire_lease(session_id => %s, paths => %s,"
                 " reason => 'bench', ttl_seconds => 86400)", (sessions[0], paths))
    return names


def bench_guard(dsn: str) -> list[Result]:
    figures = ("`claude-gateway guard` wall time, edit denied",
               "`claude-gateway guard` wall time, edit allowed")
    with psycopg.connect(dsn, autocommit=True) as conn:
        project = f"bench-guard-{uuid.uuid4().hex[:8]}"
        _holder, editor = _setup(conn, project)
    results = []
    with tempfile.TemporaryDirectory(prefix="cgw_bench_") as tmp:
        repo = Path(tmp) / project
        (repo / ".git").mkdir(parents=True)  # a git root is a folder holding .git
        env = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
        env.update(DATABASE_URL=dsn, CLAUDE_GATEWAY_IDENTITY=editor)
        for figure, target, denied in ((figures[0], repo / "src" / "app.py", True),
                                       (figures[1], repo / "README.md", False)):
            walls: list[float] = []
            floor: list[float] = []
            stdin = _hook(repo, target)
            failure = ""
            for _ in range(RUNS):
                t = time.perf_counter()
                proc = subprocess.run([GATEWAY, "guard"], input=stdin, capture_output=True, text=True, env=env)
                walls.append(time.perf_counter() - t)
                said_deny = '"permissionDecision": "deny"' in proc.stdout
                if proc.returncode != 0 or said_deny != denied:
                    failure = (f"exit {proc.returncode}, stdout {proc.stdout[:200]!r}, "
                               f"stderr {proc.stderr[-200:]!r}")
                    break
                t = time.perf_counter()
                subprocess.run([sys.executable, "-c", "pass"], capture_output=True, stdin=subprocess.DEVNULL)
                floor.append(time.perf_counter() - t)
            if failure:
                results.append(skipped("guard", figure, f"skipped: the guard misbehaved: {failure}"))
                continue
            p50 = statistics.median(walls) * 1000
            base = statistics.median(floor) * 1000
            ordered = sorted(walls)
            p90 = ordered[int(0.9 * (len(ordered) - 1))] * 1000
            results.append(Result(
                bench="guard", figure=figure, value=p50, unit="ms", against="bare `python -c pass`",
                baseline=base, ratio=p50 / base, target=f"p50 <= {TARGET_MS:.0f} ms", passed=p50 <= TARGET_MS,
                detail={"runs_ms": [round(w * 1000, 1) for w in walls], "p90_ms": round(p90, 1),
                        "floor_runs_ms": [round(f * 1000, 1) for f in floor]},
                note=(f"median of {len(walls)} whole-process runs (p90 {p90:.0f} ms) of `claude-gateway "
                      f"guard` with Claude Code's PreToolUse JSON for an Edit on stdin, DATABASE_URL set, "
                      f"the project holding {LEASES} live leases of another identity; "
                      + ("the path is held exclusively: the deny JSON is printed" if denied
                         else "nobody holds the path: nothing is printed")
                      + "; alternating with `python -c pass`")))
    return results


def run(dsn: str) -> list[Result]:
    """Entry for bench/__main__.py."""
    try:
        return bench_guard(dsn)
    except (psycopg.Error, OSError) as exc:
        return [skipped("guard", "`claude-gateway guard` wall time", f"skipped: {exc}".splitlines()[0])]


def _main() -> Any:  # pragma: no cover - `python -m bench.guard DSN` for a quick look
    for r in run(sys.argv[1]):
        print(r)


if __name__ == "__main__":
    _main()
