"""The edit guards end to end: `claude-gateway guard` fed Claude Code's real
PreToolUse JSON on stdin, and the git pre-commit guard in a real repository.

Each test runs the installed `claude-gateway` executable as Claude Code (or
git) would: a subprocess with the hook JSON on stdin, DATABASE_URL in its
environment, its stdout parsed as Claude Code parses it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

EXE = str(Path(sys.executable).parent / "claude-gateway")


@pytest.fixture
def repo(tmp_path: Path, unique: Callable[[str], str]) -> Path:
    """A git repository whose folder name is a fresh project name."""
    root = tmp_path / unique("guard-project")
    (root / "src").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@pytest.fixture
def agents(conn: psycopg.Connection, repo: Path, unique: Callable[[str], str]) -> dict[str, Any]:
    """alice and bob with active sessions in the repository's project."""
    out: dict[str, Any] = {"project": repo.name}
    for who in ("alice", "bob"):
        name = unique(f"guard-{who}")
        identity = conn.execute(
            "SELECT claude.register_identity(identity_name => %s, platform => 'claude-code',"
            " role_description => 'x')",
            (name,)).fetchone()[0]  # type: ignore[index]
        session = conn.execute("SELECT claude.start_session(identity_id => %s, project_name => %s)",
                               (identity, repo.name)).fetchone()[0]  # type: ignore[index]
        out[who] = name
        out[f"{who}_session"] = session
    return out


def lease(conn: psycopg.Connection, session: Any, paths: list[str], exclusive: bool = True,
          reason: str | None = None) -> Any:
    return conn.execute("SELECT lease_id FROM claude.acquire_lease(session_id => %s, paths => %s,"
                        " exclusive => %s, reason => %s)", (session, paths, exclusive, reason)).fetchone()[0]  # type: ignore[index]


def pretooluse(repo: Path, tool: str, tool_input: dict[str, Any]) -> dict[str, Any]:
    """The JSON Claude Code writes on a PreToolUse hook's stdin (file paths are absolute)."""
    return {
        "session_id": "5d0a6c52-8a2e-4c55-9d55-0ad1c1d6c1b8",
        "transcript_path": str(repo / ".claude" / "transcript.jsonl"),
        "cwd": str(repo),
        "permission_mode": "default",
        "hook_event_name": "PreToolUse",
        "tool_name": tool,
        "tool_input": tool_input,
        "tool_use_id": "toolu_01ABCDEF",
    }


def guard(dsn: str, hook: dict[str, Any] | str, identity: str,
          *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
    env.update(DATABASE_URL=dsn, CLAUDE_GATEWAY_IDENTITY=identity)
    stdin = hook if isinstance(hook, str) else json.dumps(hook)
    return subprocess.run([EXE, "guard", *extra], input=stdin, capture_output=True, text=True, env=env,
                          cwd=str(hook["cwd"]) if isinstance(hook, dict) else None, timeout=30)


def decision(res: subprocess.CompletedProcess[str]) -> dict[str, Any] | None:
    """What Claude Code reads: exit 0, and on stdout either nothing (allow) or the deny JSON."""
    assert res.returncode == 0, res.stderr
    if not res.stdout.strip():
        return None
    out = json.loads(res.stdout)
    specific = out["hookSpecificOutput"]
    assert set(specific) == {"hookEventName", "permissionDecision", "permissionDecisionReason"}
    assert specific["hookEventName"] == "PreToolUse"
    return specific


TOOLS = {
    "Edit": lambda p: {"file_path": p, "old_string": "a = 1", "new_string": "a = 2", "replace_all": False},
    "Write": lambda p: {"file_path": p, "content": "print('hi')\n"},
    "MultiEdit": lambda p: {"file_path": p, "edits": [{"old_string": "a", "new_string": "b"}]},
    "NotebookEdit": lambda p: {"notebook_path": p, "new_source": "x = 1", "cell_id": "c1",
                               "cell_type": "code", "edit_mode": "replace"},
}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_an_edit_of_a_path_another_agent_holds_exclusively_is_denied(
    dsn: str, conn: psycopg.Connection, repo: Path, agents: dict[str, Any], tool: str
) -> None:
    lease(conn, agents["alice_session"], ["src/**"], reason="moving the parser")
    target = str(repo / "src" / "parser" / ("grammar.ipynb" if tool == "NotebookEdit" else "grammar.py"))
    denied = decision(guard(dsn, pretooluse(repo, tool, TOOLS[tool](target)), agents["bob"]))
    assert denied is not None and denied["permissionDecision"] == "deny"
    reason = denied["permissionDecisionReason"]
    assert agents["alice"] in reason, "names the holder"
    assert "moving the parser" in reason, "quotes the lease's reason"
    assert "UTC" in reason and "until" in reason, "gives the expiry"
    assert "src/parser/" in reason and "src/**" in reason

    assert decision(guard(dsn, pretooluse(repo, tool, TOOLS[tool](target)), agents["alice"])) is None, \
        "the holder itself may edit"


def test_everything_else_is_allowed(dsn: str, conn: psycopg.Connection, repo: Path, agents: dict[str, Any],
                                    tmp_path: Path) -> None:
    lease(conn, agents["alice_session"], ["src/**"])
    lease(conn, agents["alice_session"], ["docs/*.md"], exclusive=False)
    bob = agents["bob"]
    allowed = [
        pretooluse(repo, "Edit", TOOLS["Edit"](str(repo / "README.md"))),            # nobody holds it
        pretooluse(repo, "Write", TOOLS["Write"](str(repo / "docs" / "guide.md"))),  # held, but shared
        pretooluse(repo, "Write", TOOLS["Write"](str(tmp_path / "elsewhere.py"))),   # outside the project
        pretooluse(repo, "Read", {"file_path": str(repo / "src" / "a.py")}),          # not an edit
        pretooluse(repo, "Bash", {"command": "rm -rf src"}),                          # not a guarded tool
    ]
    for hook in allowed:
        assert decision(guard(dsn, hook, bob)) is None, hook["tool_name"]
    assert decision(guard(dsn, "this is not JSON", bob)) is None, "garbage on stdin"
    assert decision(guard(dsn, "{}", bob)) is None, "an empty object"

    # a relative path is taken from the hook's cwd
    hook = pretooluse(repo / "src", "Edit", TOOLS["Edit"]("a.py"))
    assert decision(guard(dsn, hook, bob)) is not None


def test_expired_and_released_leases_do_not_deny(dsn: str, conn: psycopg.Connection, repo: Path,
                                                 agents: dict[str, Any]) -> None:
    lid = lease(conn, agents["alice_session"], ["src/a.py"])
    hook = pretooluse(repo, "Edit", TOOLS["Edit"](str(repo / "src" / "a.py")))
    assert decision(guard(dsn, hook, agents["bob"])) is not None
    conn.execute("UPDATE claude.file_leases SET acquired_at = now() - interval '2 hours',"
                 " renewed_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'"
                 " WHERE lease_id = %s", (lid,))
    assert decision(guard(dsn, hook, agents["bob"])) is None, "expired"
    lid = lease(conn, agents["alice_session"], ["src/a.py"])
    assert decision(guard(dsn, hook, agents["bob"])) is not None
    conn.execute("SELECT claude.end_session(session_id => %s, summary => 'done')", (agents["alice_session"],))
    assert decision(guard(dsn, hook, agents["bob"])) is None, "released by the end of alice's session"


def test_the_guard_fails_open(repo: Path, silent_server: str, unique: Callable[[str], str]) -> None:
    hook = pretooluse(repo, "Edit", TOOLS["Edit"](str(repo / "src" / "a.py")))
    hung = guard(silent_server, hook, unique("guard-x"))
    assert decision(hung) is None, "a database that never answers: allowed"
    assert "no answer within 0.9s; allowing" in hung.stderr, "the watchdog, not a connect timeout, ended it"
    down = guard("postgresql://nobody@127.0.0.1:1/none", hook, unique("guard-x"))
    assert decision(down) is None, "a database that is down: allowed"
    assert "allowing" in down.stderr


# ---------------------------------------------------------------------------
# the git pre-commit guard
# ---------------------------------------------------------------------------
def git(repo: Path, *args: str, dsn: str, identity: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAUDE_GATEWAY_IDENTITY"}
    env.update(DATABASE_URL=dsn, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    if identity:
        env["CLAUDE_GATEWAY_IDENTITY"] = identity
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=60)


def test_the_pre_commit_hook_refuses_staged_paths_another_agent_holds(
    dsn: str, conn: psycopg.Connection, repo: Path, agents: dict[str, Any]
) -> None:
    env = {**os.environ, "DATABASE_URL": dsn}
    installed = subprocess.run([EXE, "install", "git-hook", "--dir", str(repo)], capture_output=True,
                               text=True, env=env, timeout=60)
    assert installed.returncode == 0, installed.stderr
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK) and "git-guard" in hook.read_text()

    (repo / "README.md").write_text("hello\n")
    (repo / "src" / "app.py").write_text("a = 1\n")
    assert git(repo, "add", "README.md", dsn=dsn).returncode == 0
    first = git(repo, "commit", "-q", "-m", "readme", dsn=dsn, identity=agents["bob"])
    assert first.returncode == 0, first.stderr

    lease(conn, agents["alice_session"], ["src/*.py"], reason="rewriting the app")
    assert git(repo, "add", "src/app.py", dsn=dsn).returncode == 0
    refused = git(repo, "commit", "-q", "-m", "app", dsn=dsn, identity=agents["bob"])
    assert refused.returncode != 0
    assert "src/app.py" in refused.stderr and agents["alice"] in refused.stderr
    assert "rewriting the app" in refused.stderr and "--no-verify" in refused.stderr
    assert git(repo, "log", "--oneline", dsn=dsn).stdout.count("\n") == 1, "nothing was committed"

    mine = git(repo, "commit", "-q", "-m", "app", dsn=dsn, identity=agents["alice"])
    assert mine.returncode == 0, "the holder commits its own paths"
    (repo / "src" / "app.py").write_text("a = 2\n")
    assert git(repo, "add", "src/app.py", dsn=dsn).returncode == 0
    assert git(repo, "commit", "-q", "-m", "again", dsn=dsn, identity=agents["bob"]).returncode != 0
    bypass = git(repo, "commit", "-q", "--no-verify", "-m", "anyway", dsn=dsn, identity=agents["bob"])
    assert bypass.returncode == 0, "--no-verify skips the guard"

    # a deletion and a rename out of the held folder count too
    (repo / "src" / "b.py").write_text("b\n")
    assert git(repo, "add", "src/b.py", dsn=dsn).returncode == 0
    assert git(repo, "commit", "-q", "--no-verify", "-m", "b", dsn=dsn).returncode == 0
    assert git(repo, "mv", "src/b.py", "b.py", dsn=dsn).returncode == 0
    moved = git(repo, "commit", "-q", "-m", "move", dsn=dsn, identity=agents["bob"])
    assert moved.returncode != 0 and "src/b.py" in moved.stderr

    # a database that cannot be reached lets the commit through, with a warning
    down = git(repo, "commit", "-q", "-m", "move", dsn="postgresql://nobody@127.0.0.1:1/none",
               identity=agents["bob"])
    assert down.returncode == 0 and "committing anyway" in down.stderr


def test_install_git_hook_keeps_a_foreign_hook(repo: Path, dsn: str) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho mine\n")
    env = {**os.environ, "DATABASE_URL": dsn}
    refused = subprocess.run([EXE, "install", "git-hook", "--dir", str(repo)], capture_output=True, text=True,
                             env=env, timeout=60)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    again = subprocess.run([EXE, "install", "git-hook", "--dir", str(repo), "--force"], capture_output=True,
                           text=True, env=env, timeout=60)
    assert again.returncode == 0 and "git-guard" in hook.read_text()
    twice = subprocess.run([EXE, "install", "git-hook", "--dir", str(repo)], capture_output=True, text=True,
                           env=env, timeout=60)
    assert twice.returncode == 0, "installing over our own hook is fine"


# ---------------------------------------------------------------------------
# the guard starts lean: its own copies of what it needs, held equal to the originals
# ---------------------------------------------------------------------------
def test_the_guard_imports_neither_the_cli_nor_psycopg_nor_json(dsn: str, repo: Path,
                                                                 unique: Callable[[str], str]) -> None:
    """What `claude-gateway guard` loads on an edit, beyond a bare interpreter's modules."""
    code = ("import sys; base = set(sys.modules)\n"
            "from claude_gateway import guard\n"
            "guard.main([])\n"
            "sys.stderr.write(' '.join(sorted(set(sys.modules) - base)))\n")
    hook = pretooluse(repo, "Edit", TOOLS["Edit"](str(repo / "src" / "a.py")))
    env = {k: v for k, v in os.environ.items() if k not in ("CLAUDE_GATEWAY_IDENTITY", "DATABASE_URL")}
    for database in (dsn, None):  # DATABASE_URL, else the local cluster's URL (computed, not localdb's)
        if database:
            env["DATABASE_URL"] = database
        else:
            env.pop("DATABASE_URL", None)
        res = subprocess.run([sys.executable, "-c", code], input=json.dumps(hook), capture_output=True,
                             text=True, env={**env, "CLAUDE_GATEWAY_IDENTITY": unique("lean")}, timeout=30)
        assert res.returncode == 0, res.stderr
        loaded = set(res.stderr.strip().splitlines()[-1].split())
        assert "ctypes" in loaded and "claude_gateway._pq" in loaded, "it did query"
        heavy = {"click", "psycopg", "json", "re", "threading", "pathlib", "typing", "dataclasses",
                 "claude_gateway.cli", "claude_gateway.localdb", "claude_gateway.hook_inputs",
                 "claude_gateway.client", "claude_gateway._generated"}
        assert not loaded & heavy, sorted(loaded & heavy)


def test_the_lean_copies_answer_as_the_originals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claude_gateway import guard as g
    from claude_gateway import hook_inputs, localdb

    for text in ('{"a": [1, 2.5, -3e2, true, false, null], "b": "\\u00e9\\n\\"x\\"", "c": {}}', ' [] ',
                 '"only a string"', '{"nested": {"deep": [{"k": "v"}]}}'):
        assert g.loads(text) == json.loads(text)
    for bad in ("", "{", '{"a": 1} extra', "nope"):
        with pytest.raises(ValueError):
            g.loads(bad)
    for text in ("plain", 'quote " and \\ backslash', "é ü ✓ \n\t", "\x00\x1f"):
        assert g.quote(text) == json.dumps(text)
        assert json.loads(g.quote(text)) == text
    deny = json.loads(g.deny_output('a "reason" with é'))
    assert deny == {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                           "permissionDecisionReason": 'a "reason" with é'}}

    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "a" / "b").mkdir(parents=True)
    (tmp_path / "loose").mkdir()
    for folder in (tmp_path / "repo" / "a" / "b", tmp_path / "repo", tmp_path / "loose"):
        assert g.project_root(str(folder)) == str(hook_inputs.project_root(folder))
    monkeypatch.chdir(tmp_path / "repo" / "a")
    assert g.project_root(None) == str(hook_inputs.project_root(None))

    for user_vars in ({"LOGNAME": "lena"}, {"USER": "ulf"}, {}):
        for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
            monkeypatch.delenv(var, raising=False)
        for var, value in user_vars.items():
            monkeypatch.setenv(var, value)
        assert g.local_identity_name() == hook_inputs.local_identity_name()
    monkeypatch.setenv("CLAUDE_GATEWAY_IDENTITY", "  ")
    assert g.identity_from_env() is None is hook_inputs.identity_from_env()

    monkeypatch.delenv("DATABASE_URL", raising=False)
    for home, port, xdg in ((str(tmp_path / "h"), "5999", None), ("rel/./dir//x", None, None),
                            (str(tmp_path / ("long" * 30)), "6001", None), (None, None, str(tmp_path / "x")),
                            (str(tmp_path / "spaced name" / "é"), None, None)):
        for var, value in (("CLAUDE_GATEWAY_HOME", home), ("CLAUDE_GATEWAY_PORT", port),
                           ("XDG_DATA_HOME", xdg)):
            if value is None:
                monkeypatch.delenv(var, raising=False)
            else:
                monkeypatch.setenv(var, value)
        assert g.dsn() == g.local_dsn() == localdb.resolve_dsn(), (home, port, xdg)
    for user in ("postgres", "lena", " two words é ", ""):  # the doors' login, never the superuser
        for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
            monkeypatch.delenv(var, raising=False)
        if user:
            monkeypatch.setenv("LOGNAME", user)
        assert g.local_login() == localdb.local_login()
        assert g.dsn() == localdb.resolve_dsn(), user
    monkeypatch.setenv("DATABASE_URL", " postgresql://x@/y ")
    assert g.dsn() == localdb.resolve_dsn() == "postgresql://x@/y"


def test_the_prefilter_never_hides_a_conflict(dsn: str, conn: psycopg.Connection, repo: Path,
                                              agents: dict[str, Any]) -> None:
    """The guard asks check_paths only when a cheap literal-prefix filter finds a candidate lease:
    paths written in any way check_paths accepts, and globs with an empty or short literal prefix,
    still conflict."""
    from claude_gateway import guard as g

    project = agents["project"]
    lease(conn, agents["alice_session"], ["src/**", "docs/a?.md"])
    for path in ("src/a.py", "./src/a.py", "src//deep/./b.py", " src/a.py", "docs/ab.md"):
        found = g.conflicts(dsn, project, [path], agents["bob"])
        assert found and found[0]["holder"] == agents["alice"], path
    for path in ("README.md", "docs/abc.md", "srcx/a.py", "x/y/z.lock"):
        assert g.conflicts(dsn, project, [path], agents["bob"]) == [], path
    lease(conn, agents["alice_session"], ["**/*.lock"])  # no literal prefix at all
    for path in ("x/y/z.lock", "Cargo.lock"):
        assert g.conflicts(dsn, project, [path], agents["bob"]), path
    assert g.conflicts(dsn, project, ["lock"], agents["bob"]) == []
    assert g.conflicts(dsn, project, ["src/a.py"], agents["alice"]) == [], "the holder's own lease"
    assert g.conflicts(dsn, "no-such-project-" + project, ["src/a.py"], agents["bob"]) == []
