"""What the hooks read before they touch a database: the hook's JSON, the identity and project
names, and the session state file.  Kept to light imports: `hook prompt` runs on every prompt."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: the hooks start lean
if TYPE_CHECKING:
    from typing import Any

IDENTITY_ENV = "CLAUDE_GATEWAY_IDENTITY"


def read_hook_input(stream: Any, wait: float = 0.5) -> dict[str, Any]:
    """The hook's JSON object from `stream` (stdin) when it is not a TTY and has data; else {}."""
    try:
        if stream is None or stream.isatty():
            return {}
    except (ValueError, OSError):
        return {}
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError, Exception):  # noqa: BLE001 - io.UnsupportedOperation
        fd = None
    if fd is not None:
        try:
            import select

            ready, _, _ = select.select([fd], [], [], wait)
        except (OSError, ValueError):
            ready = [fd]
        if not ready:
            return {}
    try:
        text = stream.read()
    except (OSError, ValueError):
        return {}
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not text or not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def hook_cwd(hook: Mapping[str, Any]) -> str:
    """The hook's `cwd` when it is a usable directory path, else the working directory.

    A path with a NUL byte, an unpaired surrogate or that is not a string cannot be a
    directory: it is refused with a ValueError naming it (the hook turns that into its
    one-line warning).
    """
    value = hook.get("cwd")
    if value is None or value == "":
        return os.getcwd()
    if not isinstance(value, str):
        raise ValueError(f"the hook's cwd is not a path: {str(value)[:80]!r}")
    if "\x00" in value:
        raise ValueError("the hook's cwd holds a NUL byte, so it cannot be a path")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the hook's cwd is not valid UTF-8 text") from None
    return value


def identity_from_env() -> str | None:
    """$CLAUDE_GATEWAY_IDENTITY, or None when unset or blank."""
    return os.environ.get(IDENTITY_ENV, "").strip() or None


def local_identity_name() -> str:
    """`<user>@<host>`, the identity of last resort (getpass.getuser's order of variables, then
    the password database; the host name up to its first dot), without importing getpass/socket."""
    user = next((os.environ[v] for v in ("LOGNAME", "USER", "LNAME", "USERNAME") if os.environ.get(v)), None)
    if user is None:
        try:
            import pwd

            user = pwd.getpwuid(os.getuid()).pw_name
        except (ImportError, KeyError, OSError):
            user = "claude"
    try:
        host = os.uname().nodename
    except AttributeError:  # Windows
        import socket

        host = socket.gethostname()
    return f"{user}@{host.split('.')[0]}"


def default_identity_name() -> str:
    """CLAUDE_GATEWAY_IDENTITY, else `<user>@<host>`."""
    return identity_from_env() or local_identity_name()


def project_root(directory: str | os.PathLike[str] | None = None) -> Path:
    """The git root above `directory` (default: the working directory): the nearest folder holding
    `.git`, else the folder itself."""
    start = Path(directory or os.getcwd()).expanduser()
    try:
        start = start.resolve()
    except OSError:
        pass
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def project_from_directory(directory: str | os.PathLike[str] | None = None) -> str:
    """The name of the git root above `directory` (default: the working directory), else its own name."""
    root = project_root(directory)
    return root.name or str(root)


# ---------------------------------------------------------------------------
# the session state file
# ---------------------------------------------------------------------------
def state_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claude-gateway" / "sessions"


def state_path(identity: str, project: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9._@-]+", "_", f"{identity}@{project}")[:200]
    return state_dir() / f"{safe}.json"


def save_state(identity: str, project: str, state: Mapping[str, Any]) -> Path | None:
    path = state_path(identity, project)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(dict(state), default=str, indent=2))
        tmp.replace(path)
    except OSError:
        return None  # a cache, not a requirement: `end` falls back to get_active_session
    return path


def load_state(identity: str, project: str) -> dict[str, Any]:
    try:
        data = json.loads(state_path(identity, project).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def clear_state(identity: str, project: str) -> None:
    try:
        state_path(identity, project).unlink()
    except OSError:
        pass


