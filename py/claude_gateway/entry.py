"""The `claude-gateway` executable: the hooks that run on every prompt and tool call (`hook ...`,
`guard`) run without loading the CLI (through fasthook.py, which Claude Code starts directly with
`python -I -S`); everything else is the click CLI (cli.py)."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if (argv[:1] == ["hook"] and not {"-h", "--help"} & set(argv[1:2])) or (
            argv[:1] == ["guard"] and not {"-h", "--help"} & set(argv[1:])):
        from .fasthook import run

        run(argv)
    from .cli import main as cli_main

    cli_main()
