"""Build step: the wheel carries the SQL.

`db/` stays at the top of the repository (one SQL object per file, reviewed
there); `build_py` copies what `migrate` applies into the package, as
`claude_gateway/db/`, where `claude_gateway.migrate` reads it through
`importlib.resources`.  Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# What `migrate` reads (see claude_gateway.migrate): the allowed-value lists, versioned migrations, the
# re-applied sources, the grants.  Tests and fixtures stay out of the wheel.
SQL_DIRS = ("values", "migrations", "views", "functions", "triggers")  # migrate.PRE_DIRS + REPEATABLE_DIRS
SQL_FILES = ("roles.sql", "function_attributes.sql", "grants.sql")  # ROLES_FILE + migrate.POST_FILES


class BuildPyWithSQL(build_py):
    def run(self) -> None:
        super().run()
        src = ROOT / "db"
        if not (src / "migrations").is_dir():
            raise SystemExit(f"build: {src / 'migrations'} is missing; build from a checkout or an sdist")
        dst = Path(self.build_lib) / "claude_gateway" / "db"
        if dst.exists():
            shutil.rmtree(dst)
        for sub in SQL_DIRS:
            if (src / sub).is_dir():
                shutil.copytree(src / sub, dst / sub, ignore=shutil.ignore_patterns("*~", ".*"))
        for name in SQL_FILES:
            if (src / name).is_file():
                shutil.copy2(src / name, dst / name)


setup(cmdclass={"build_py": BuildPyWithSQL})
