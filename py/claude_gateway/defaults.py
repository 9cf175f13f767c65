"""The defaults every door shares: the project a directory belongs to."""

from __future__ import annotations

import os
from pathlib import Path


def default_project(directory: str | os.PathLike[str] | None = None) -> str:
    """The name of the git root above `directory` (default: the working directory), else its own name."""
    start = Path(directory or os.getcwd()).expanduser()
    try:
        start = start.resolve()
    except OSError:
        pass
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder.name or str(folder)
    return start.name or str(start)
