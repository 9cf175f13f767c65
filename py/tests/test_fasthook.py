"""fasthook.py, the lean runner of the per-prompt hooks: it gives the same answers as the
package's own code (names, state file, local cluster URL, JSON), imports none of the heavy
modules, and the command the installer writes works through a shell and fails open."""

from __future__ import annotations

import json
import math
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_gateway import claude_code, fasthook, hook_inputs, localdb

FAST = claude_code.fast_command()


# -- the same answers as the package ---------------------------------------------------------
@pytest.mark.parametrize("env", [
    {},
    {"CLAUDE_GATEWAY_HOME": "/tmp/cg x/é", "CLAUDE_GATEWAY_PORT": "6001"},
    {"CLAUDE_GATEWAY_HOME": "rel/./dir//x/../y/"},  # relative, with ., .. and //
    {"CLAUDE_GATEWAY_HOME": "/tmp/" + "long" * 30},  # past the socket path limit: /tmp/cgw-...
    {"XDG_DATA_HOME": "/tmp/xdg-data"},
    {"LOGNAME": "postgres"},  # never the superuser: claude_local
    {"LOGNAME": "a b@é"},  # quoted in the URL
])
def test_local_dsn_is_the_local_clusters(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("CLAUDE_GATEWAY_HOME", "CLAUDE_GATEWAY_PORT", "XDG_DATA_HOME", "DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert fasthook.local_dsn() == localdb.Cluster.from_env().url()
    assert fasthook.local_login() == localdb.local_login()
    assert fasthook.database_dsn() == localdb.resolve_dsn()
    monkeypatch.setenv("DATABASE_URL", " postgresql://elsewhere/db ")
    assert fasthook.database_dsn() == localdb.resolve_dsn() == "postgresql://elsewhere/db"


def test_names_are_those_of_hook_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fasthook.IDENTITY_ENV, raising=False)
    assert fasthook.default_identity_name() == hook_inputs.default_identity_name()
    monkeypatch.setenv(fasthook.IDENTITY_ENV, "  named  ")
    assert fasthook.default_identity_name() == hook_inputs.default_identity_name() == "named"
    repo = tmp_path / "my repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a" / "b").mkdir(parents=True)
    (tmp_path / "link").symlink_to(repo / "a")
    for where in (repo / "a" / "b", repo, tmp_path, tmp_path / "link", tmp_path / "missing" / "x"):
        assert fasthook.project_from_directory(str(where)) == hook_inputs.project_from_directory(where)
    monkeypatch.chdir(repo / "a")
    assert fasthook.project_from_directory() == hook_inputs.project_from_directory() == "my repo"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for identity, project in (("a@b", "p"), ("x y/../z", "ünï côdé!!"), ("a" * 300, "b")):
        assert fasthook.state_path(identity, project) == str(hook_inputs.state_path(identity, project))
    hook_inputs.save_state("a@b", "p", {"session_id": "s", "n": 1})
    saved = {"session_id": "s", "n": 1}
    assert fasthook.load_state("a@b", "p") == hook_inputs.load_state("a@b", "p") == saved


def test_options() -> None:
    argv = ["--identity", "a", "--project=p q", "--limit"]
    assert fasthook.option(argv, "--identity") == "a"
    assert fasthook.option(argv, "--project") == "p q"
    assert fasthook.option(argv, "--limit", "5") == "5"  # no value after it


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_json_is_the_json_packages(value: Any) -> None:
    assert fasthook.dumps(value) == json.dumps(value)
    assert fasthook.loads(json.dumps(value)) == value
    assert fasthook.loads(" " + json.dumps(value, indent=2) + "\n") == value


def test_json_refuses_what_json_refuses() -> None:
    for bad in ("", "{", '{"a": 1} x', "[1,]", "nope"):
        with pytest.raises(ValueError):
            fasthook.loads(bad)
    assert math.isinf(fasthook.loads("[Infinity]")[0])


# -- lean --------------------------------------------------------------------------------
HEAVY = {"claude_gateway", "click", "psycopg", "json", "re", "typing", "pathlib", "threading",
         "socket", "dataclasses", "subprocess", "asyncio", "mcp", "site"}


def test_the_fast_hook_imports_nothing_heavy(dsn: str, tmp_path: Path) -> None:
    """Run under -I -S as installed, the prompt hook (here with a database that answers and a
    message-free session) loads none of the heavy modules."""
    probe = (
        "import sys, os; sys.path.insert(0, os.path.dirname(sys.argv[1])); import fasthook; "
        "fasthook.main(['hook', 'prompt', '--identity', 'lean-nobody', '--project', 'p']); "
        "print(' '.join(sorted(sys.modules)))")
    env = {**os.environ, "DATABASE_URL": dsn, "XDG_CACHE_HOME": str(tmp_path)}
    res = subprocess.run([FAST[0], "-I", "-S", "-c", probe, FAST[-1]], input="{}", env=env,
                         capture_output=True, text=True, timeout=30, check=True)
    loaded = set(res.stdout.split())
    assert "fasthook" in loaded and "ctypes" in loaded  # it did get as far as libpq
    assert not loaded & HEAVY, loaded & HEAVY


# -- the installed command ---------------------------------------------------------------
def _installed(tmp_path: Path, identity: str, project: str) -> dict[str, str]:
    """Install into a fresh project; {event: command}."""
    subprocess.run([str(Path(sys.executable).parent / "claude-gateway"), "install", "claude-code",
                    "--dir", str(tmp_path), "--identity", identity, "--project", project],
                   check=True, capture_output=True, text=True)
    settings_ = json.loads((tmp_path / ".claude" / "settings.json").read_text())
    return {event: groups[0]["hooks"][0]["command"] for event, groups in settings_["hooks"].items()}


def test_installed_fast_commands_deliver_mail_through_a_shell(
        dsn: str, conn: psycopg.Connection, tmp_path: Path, unique: Callable[[str], str]) -> None:
    identity, project = unique("fast-agent"), unique("fast-proj")
    commands = _installed(tmp_path, identity, project)
    for event in ("UserPromptSubmit", "PostToolUse", "Stop"):
        words = shlex.split(commands[event])
        assert words[1:4] == FAST[1:] and words[-2:] == ["||", "true"], commands[event]
        assert Path(words[0]).parent == Path(FAST[0]).parent  # this venv's Python
        assert claude_code.is_ours(commands[event])
    assert commands["SessionStart"].split()[0].endswith("/claude-gateway")

    env = {**os.environ, "DATABASE_URL": dsn, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    start = {"session_id": "c1", "cwd": str(tmp_path), "hook_event_name": "SessionStart", "source": "startup"}
    subprocess.run(commands["SessionStart"], shell=True, input=json.dumps(start), env=env, check=True,
                   capture_output=True, text=True)
    session = conn.execute("SELECT session_id FROM claude.active_sessions WHERE identity_name = %s",
                           (identity,)).fetchone()[0]  # type: ignore[index]
    prompt = json.dumps({"session_id": "c1", "cwd": str(tmp_path), "hook_event_name": "UserPromptSubmit",
                         "prompt": "hi"})

    def run(event: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(commands[event], shell=True, input=prompt, env=env, capture_output=True,
                              text=True, timeout=30)

    assert (run("UserPromptSubmit").stdout, run("UserPromptSubmit").returncode) == ("", 0)
    conn.execute("SELECT claude.send_message(from_session_id => %s, to_session_id => %s,"
                 " subject => 'through the shell', body => %s)", (session, session, 'quote " é ✓'))
    res = run("UserPromptSubmit")
    context = json.loads(res.stdout)["hookSpecificOutput"]["additionalContext"]
    assert 'through the shell — quote " é ✓' in context and res.stderr == ""
    assert run("UserPromptSubmit").stdout == ""  # once
    run("Stop")
    assert conn.execute("SELECT liveness FROM claude.active_sessions WHERE session_id = %s",
                        (session,)).fetchone()[0] == "idle"  # type: ignore[index]
    subprocess.run(commands["SessionEnd"], shell=True, input="{}", env=env, capture_output=True, text=True)


def test_a_missing_fasthook_file_does_not_block_claude_code(tmp_path: Path) -> None:
    """Python exits 2 for a script it cannot open, which Claude Code takes as "block the prompt":
    the installed command turns it into 0."""
    spec = next(s for s in claude_code.HOOKS if s.event == "UserPromptSubmit")
    command = claude_code.hook_command(spec, "/x/claude-gateway", "a", None).replace(
        FAST[-1], str(tmp_path / "gone" / "claude_gateway" / "fasthook.py"))
    assert subprocess.run(shlex.split(command)[:-2], capture_output=True).returncode == 2
    res = subprocess.run(command, shell=True, input="{}", capture_output=True, text=True)
    assert (res.returncode, res.stdout) == (0, "")


def test_old_installs_are_recognised_and_replaced() -> None:
    old = {"hooks": {"UserPromptSubmit": [{"hooks": [
        {"type": "command", "command": "/old/venv/bin/claude-gateway hook prompt", "timeout": 5},
        {"type": "command",
         "command": "/old/bin/python3 -I -S /old/site/claude_gateway/fasthook.py hook prompt || true"},
        {"type": "command", "command": "python3 /elsewhere/fasthook.py"}]}]}}  # not ours: kept
    merged = claude_code.merge_hooks(old, claude_code.HOOKS, "/x/claude-gateway", None, None)
    commands = [h["command"] for g in merged["hooks"]["UserPromptSubmit"] for h in g["hooks"]]
    assert commands[0] == "python3 /elsewhere/fasthook.py"
    assert len(commands) == 2 and shlex.split(commands[1])[:4] == FAST  # ours, once


# -- fail open (conftest.silent_server: a database that never answers) ----------------------
def test_hooks_fail_open_when_the_server_hangs(silent_server: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": silent_server, "XDG_CACHE_HOME": str(tmp_path)}
    for words in (["hook", "prompt"], ["hook", "stop"]):
        started = time.monotonic()
        res = subprocess.run([*FAST, *words, "--identity", "x"], input='{"hook_event_name": "Stop"}',
                             env=env, capture_output=True, text=True, timeout=30)
        elapsed = time.monotonic() - started
        assert (res.returncode, res.stdout, res.stderr) == (0, "", "")
        # left by its own timer (0.9 s), not by libpq (which would wait for ever) nor by the
        # 30 s above; the margin is for Python's start on a loaded machine
        assert elapsed < 10, elapsed


def test_usage_errors_and_help() -> None:
    res = subprocess.run([*FAST, "hook", "nope"], capture_output=True, text=True, input="")
    assert res.returncode == 2 and "usage: claude-gateway hook prompt|stop" in res.stderr
    res = subprocess.run([*FAST, "hook", "prompt", "--help"], capture_output=True, text=True, input="")
    assert res.returncode == 0 and "<python> -I -S" in res.stdout


