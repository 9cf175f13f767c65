"""`claude-gateway install claude-code`: wire the hooks and the MCP server into Claude Code.

What is installed is data: `HOOKS` lists every hook (event, matcher, our
subcommand, timeout).  Adding one is a one-line change, e.g. a PreToolUse guard:

    HookSpec("PreToolUse", "guard", matcher="Edit|MultiEdit|Write", timeout=5),

A spec with `fast=True` runs through fasthook.py (`<python> -I -S .../fasthook.py
<args> || true`, see its docstring): it starts in a fraction of the time of the
`claude-gateway` script; the others run the `claude-gateway` executable.

The merge keeps everything else in the files: a hook entry is ours when its
command runs a `claude-gateway` executable or our fasthook.py; install removes our old entries and
adds the current ones (so it is idempotent and upgrades in place), uninstall
only removes ours.  Files:

| scope   | hooks                          | MCP server                          |
| ------- | ------------------------------ | ----------------------------------- |
| project | `<dir>/.claude/settings.json`  | `<dir>/.mcp.json` (`mcpServers`)    |
| user    | `~/.claude/settings.json`      | `~/.claude.json` (`mcpServers`)     |

(project: the server is approved in `<dir>/.claude/settings.local.json`.)

No password or DATABASE_URL is written: the hooks and the server inherit
Claude Code's environment (DATABASE_URL, else the local cluster).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVER_NAME = "claude-gateway"
EXECUTABLE = "claude-gateway"


@dataclass(frozen=True)
class HookSpec:
    """One Claude Code hook: on `event` (tools matching `matcher`), run `claude-gateway <args>`."""

    event: str
    args: str
    matcher: str | None = None
    timeout: int = 10  # seconds; Claude Code cancels the command after it
    fast: bool = False  # run through fasthook.py (the args must name one of fasthook.HOOKS or COMMANDS)


# Every hook we install, in one place.  SessionStart has no matcher: startup and
# clear start a gateway session, resume and compact re-inject the context of the
# same one (claude-gateway startup reads the hook's `source`).
HOOKS: tuple[HookSpec, ...] = (
    HookSpec("SessionStart", "startup --format claude-hook", timeout=15),
    HookSpec("UserPromptSubmit", "hook prompt", timeout=5, fast=True),
    HookSpec("PostToolUse", "hook prompt --min-interval 30", matcher="*", timeout=5, fast=True),
    HookSpec("Stop", "hook stop", timeout=5, fast=True),
    HookSpec("SessionEnd", "end --format claude-hook", timeout=60),
    # the edit guard (leases): denies editing a path another agent holds exclusively
    HookSpec("PreToolUse", "guard", matcher="Edit|Write|MultiEdit|NotebookEdit", timeout=5, fast=True),
)


def executable() -> str:
    """The absolute path of the claude-gateway command that runs this (its venv's script)."""
    here = Path(sys.executable).parent / EXECUTABLE
    if here.exists():
        return str(here)
    argv0 = Path(sys.argv[0])
    if argv0.name == EXECUTABLE and argv0.exists():
        return str(argv0.resolve())
    from shutil import which

    return which(EXECUTABLE) or EXECUTABLE


def _options(identity: str | None, project: str | None) -> list[str]:
    out: list[str] = []
    if identity:
        out += ["--identity", identity]
    if project:
        out += ["--project", project]
    return out


def fast_command() -> list[str]:
    """How Claude Code starts a fast hook: this Python, isolated and without site-packages
    (`-I -S`), running fasthook.py by its path."""
    from . import fasthook

    return [sys.executable, "-I", "-S", str(Path(fasthook.__file__).resolve())]


def hook_command(spec: HookSpec, exe: str, identity: str | None, project: str | None) -> str:
    options = list(map(shlex.quote, _options(identity, project)))
    if spec.fast:  # `|| true`: a missing fasthook.py (exit 2) must not block Claude Code
        return " ".join([*map(shlex.quote, fast_command()), spec.args, *options, "|| true"])
    return " ".join([shlex.quote(exe), spec.args, *options])


def is_ours(command: Any) -> bool:
    """A hook command that runs a claude-gateway executable or our fasthook.py."""
    if not isinstance(command, str):
        return False
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if not words:
        return False
    if Path(words[0]).name == EXECUTABLE:
        return True
    script = next((w for w in words[1:] if not w.startswith("-")), "")
    return Path(script).name == "fasthook.py" and Path(script).parent.name == "claude_gateway"


def merge_hooks(settings: dict[str, Any], specs: tuple[HookSpec, ...] | list[HookSpec], exe: str,
                identity: str | None, project: str | None) -> dict[str, Any]:
    """`settings` without our old hook entries, plus `specs` (none: uninstall)."""
    out = dict(settings)
    hooks = out.get("hooks")
    hooks = dict(hooks) if isinstance(hooks, dict) else {}
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            continue
        kept = []
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                entries = [h for h in group["hooks"]
                           if not (isinstance(h, dict) and is_ours(h.get("command")))]
                if not entries:
                    continue
                group = {**group, "hooks": entries}
            kept.append(group)
        if kept:
            hooks[event] = kept
        else:
            del hooks[event]
    for spec in specs:
        group = {}
        if spec.matcher is not None:
            group["matcher"] = spec.matcher
        group["hooks"] = [{"type": "command",
                           "command": hook_command(spec, exe, identity, project),
                           "timeout": spec.timeout}]
        hooks.setdefault(spec.event, []).append(group)
    if hooks:
        out["hooks"] = hooks
    else:
        out.pop("hooks", None)
    return out


def server_entry(exe: str, identity: str | None, project: str | None) -> dict[str, Any]:
    """The MCP server: attached to the hooks' session (it never starts or ends one itself)."""
    return {"type": "stdio", "command": exe,
            "args": ["mcp", "--attach", *_options(identity, project)]}


def merge_server(config: dict[str, Any], entry: dict[str, Any] | None) -> dict[str, Any]:
    out = dict(config)
    servers = out.get("mcpServers")
    servers = dict(servers) if isinstance(servers, dict) else {}
    if entry is None:
        servers.pop(SERVER_NAME, None)
    else:
        servers[SERVER_NAME] = entry
    if servers or "mcpServers" in config:
        out["mcpServers"] = servers
    return out


def enable_project_server(settings: dict[str, Any], enable: bool) -> dict[str, Any]:
    """Approve (or forget) our server of the project's .mcp.json in its settings."""
    out = dict(settings)
    names = out.get("enabledMcpjsonServers")
    names = [n for n in names if n != SERVER_NAME] if isinstance(names, list) else []
    if enable:
        names.append(SERVER_NAME)
    if names:
        out["enabledMcpjsonServers"] = names
    else:
        out.pop("enabledMcpjsonServers", None)
    return out


@dataclass
class Change:
    path: Path
    before: dict[str, Any] | None  # None: the file did not exist
    after: dict[str, Any]

    @property
    def changed(self) -> bool:
        return self.before != self.after and not (self.before is None and not self.after)

    def describe(self) -> list[str]:
        """One line per key path that was added, removed or changed."""
        lines: list[str] = []
        _diff(self.before or {}, self.after, [], lines)
        return lines


def _diff(a: Any, b: Any, path: list[str], out: list[str]) -> None:
    if path == ["hooks"]:
        a, b = a if isinstance(a, dict) else {}, b if isinstance(b, dict) else {}
        for event in sorted(set(a) | set(b)):
            old, new = _commands(a.get(event)), _commands(b.get(event))
            out += [f"- hooks.{event}: {c}" for c in sorted(old - new)]
            out += [f"+ hooks.{event}: {c}" for c in sorted(new - old)]
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key == "hooks" and not path:
                _diff(a.get(key), b.get(key), [key], out)
            elif key not in a:
                out.append(f"+ {'.'.join([*path, key])}")
            elif key not in b:
                out.append(f"- {'.'.join([*path, key])}")
            else:
                _diff(a[key], b[key], [*path, key], out)
        return
    if a != b:
        out.append(f"~ {'.'.join(path)}")


def _commands(groups: Any) -> set[str]:
    found: set[str] = set()
    for group in groups or []:
        if isinstance(group, dict):
            for h in group.get("hooks") or []:
                if isinstance(h, dict) and isinstance(h.get("command"), str):
                    found.add(h["command"])
    return found


class InstallError(RuntimeError):
    """A configuration file cannot be read or written; the message names it."""


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InstallError(f"cannot read {path}: {exc.strerror}") from exc
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InstallError(f"{path} is not valid JSON ({exc}); fix or move it first") from exc
    if not isinstance(data, dict):
        raise InstallError(f"{path} does not hold a JSON object; fix or move it first")
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".claude-gateway.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if path.exists():
        os.chmod(tmp, path.stat().st_mode & 0o777)
    tmp.replace(path)


def plan(scope: str, directory: Path, *, identity: str | None, project: str | None,
         uninstall: bool, home: Path | None = None, exe: str | None = None) -> list[Change]:
    """The changes install (or uninstall) would make, file by file."""
    home = home or Path.home()
    exe = exe or executable()
    if scope == "project":
        settings_path = directory / ".claude" / "settings.json"
        mcp_path = directory / ".mcp.json"
    else:
        settings_path = home / ".claude" / "settings.json"
        mcp_path = home / ".claude.json"
    settings = read_json(settings_path)
    new_settings = merge_hooks(settings or {}, [] if uninstall else HOOKS, exe, identity, project)
    mcp = read_json(mcp_path)
    new_mcp = merge_server(mcp or {}, None if uninstall else server_entry(exe, identity, project))
    changes = [Change(settings_path, settings, new_settings), Change(mcp_path, mcp, new_mcp)]
    if scope == "project":
        # Claude Code starts a project's .mcp.json server only once approved, and only the
        # user's local settings (not the shared, committed ones) can approve it.
        local_path = directory / ".claude" / "settings.local.json"
        local = read_json(local_path)
        changes.append(Change(local_path, local, enable_project_server(local or {}, not uninstall)))
    return changes


def apply(changes: list[Change]) -> None:
    for change in changes:
        if change.changed:
            try:
                write_json(change.path, change.after)
            except OSError as exc:
                raise InstallError(f"cannot write {change.path}: {exc.strerror}") from exc
