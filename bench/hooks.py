"""Whole-process time of the Claude Code hooks, as Claude Code runs them.

    .venv/bin/python -m bench.hooks [--runs 30] [--output bench/HOOKS.md]

Runs on DATABASE_URL (else the local cluster), with a fresh identity and session: each
hook is started as a new process with the hook JSON on stdin, like Claude Code does.
Measured: `hook prompt` with nothing new (the common case), `hook prompt` delivering one
new message, `hook stop`, `startup` (SessionStart) and `startup` on compaction (same
session), each against a bare Python start (`python -c pass`) in the same run.
Target: `hook prompt` p50 <= 150 ms on the local database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

GATEWAY = str(Path(sys.executable).parent / "claude-gateway")


def _time(cmd: list[str], stdin: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, input=stdin, env=env, capture_output=True, text=True, check=True)
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--output", default=str(Path(__file__).with_name("HOOKS.md")))
    args = parser.parse_args(argv)

    import claude_gateway

    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"cgw-bench-hooks-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp)}
    name, project = f"bench-hook-{uuid.uuid4().hex[:8]}", f"bench-hooks-{uuid.uuid4().hex[:6]}"
    base = ["--identity", name, "--project", project]
    start = {"session_id": "bench", "cwd": str(tmp), "hook_event_name": "SessionStart", "source": "startup"}
    prompt = json.dumps({"session_id": "bench", "cwd": str(tmp), "hook_event_name": "UserPromptSubmit",
                         "prompt": "x"})
    results: dict[str, list[float]] = {k: [] for k in (
        "python -c pass", "hook prompt (nothing new)", "hook prompt (1 new message)", "hook stop",
        "startup (SessionStart startup)", "startup (SessionStart compact)")}
    with claude_gateway.connect(min_size=1, max_size=2) as gw:
        subprocess.run([GATEWAY, "startup", "--format", "claude-hook", *base], input=json.dumps(start),
                       env=env, capture_output=True, text=True, check=True)
        peer = gw.register_identity(identity_name=f"bench-peer-{uuid.uuid4().hex[:8]}", platform="bench",
                                    role_description=None)
        peer_session = gw.start_session(identity_id=peer, project_name=project)
        for _ in range(args.runs):  # alternate, so that a busy neighbour hurts every figure alike
            results["python -c pass"].append(_time([sys.executable, "-c", "pass"], "", env))
            results["hook prompt (nothing new)"].append(
                _time([GATEWAY, "hook", "prompt", *base], prompt, env))
            state = json.loads(next((tmp / "claude-gateway" / "sessions").glob("*.json")).read_text())
            session = state["session_id"]
            gw.send_message(from_session_id=peer_session, to_session_id=session, subject="bench",
                            body="one new message")
            results["hook prompt (1 new message)"].append(
                _time([GATEWAY, "hook", "prompt", *base], prompt, env))
            results["hook stop"].append(_time([GATEWAY, "hook", "stop", *base], prompt, env))
            results["startup (SessionStart compact)"].append(_time(
                [GATEWAY, "startup", "--format", "claude-hook", *base],
                json.dumps({**start, "source": "compact"}), env))
        for _ in range(max(args.runs // 3, 3)):
            results["startup (SessionStart startup)"].append(_time(
                [GATEWAY, "startup", "--format", "claude-hook", *base], json.dumps(start), env))
        subprocess.run([GATEWAY, "end", "--format", "claude-hook", *base], input="{}", env=env,
                       capture_output=True, text=True)

    bare = statistics.median(results["python -c pass"])
    lines = ["# Claude Code hook timings (whole process)", "",
             f"`python -m bench.hooks --runs {args.runs}` on {os.uname().nodename} "
             f"({os.cpu_count()} CPUs), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             "each hook a new process with its JSON on stdin, as Claude Code starts it.", "",
             "| what | runs | p50 ms | p90 ms | p50 / bare Python start | target |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for what, values in results.items():
        values = sorted(values)
        p50 = statistics.median(values)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        target = ""
        if what.startswith("hook prompt"):
            target = f"p50 <= 150 ms: {'PASS' if p50 <= 150 else 'MISS'}"
        lines.append(f"| {what} | {len(values)} | {p50:.0f} | {p90:.0f} | {p50 / bare:.1f} | {target} |")
    text = "\n".join(lines) + "\n"
    Path(args.output).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
