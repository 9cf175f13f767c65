"""The `claude-gateway` executable: the hooks that run on every prompt and tool call (`hook ...`,
`guard`) run without loading the CLI, so they start lean; everything else is the click CLI (cli.py)."""

from __future__ import annotations

import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv[:1] == ["hook"] and not {"-h", "--help"} & set(argv[1:2]):
        from .prompt_hook import main as hook_main

        sys.exit(hook_main(argv[1:]))
    if argv[:1] == ["guard"] and not {"-h", "--help"} & set(argv[1:]):
        from .guard import main as guard_main

        sys.exit(guard_main(argv[1:]))
    from .cli import main as cli_main

    cli_main()
