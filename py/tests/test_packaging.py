"""Packaging: where migrate finds its SQL, and the doors of an install without extras.

The whole install (build, fresh venv, a directory outside the checkout) is
scripts/test_wheel.sh, run by CI; these are its fast, in-process halves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claude_gateway import migrate as m

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict[str, str] | None = None,
        code: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    prog = code or "from claude_gateway.cli import main; main()"
    return subprocess.run([sys.executable, "-c", prog, *args], capture_output=True, text=True,
                          env=full_env, timeout=60, check=False)


def test_checkout_sql_is_found_through_sql_dir() -> None:
    with m.sql_dir() as root:
        assert (root / "migrations" / "0001_schema.sql").is_file()
        assert m.migration_files(root)[0].name == "0001_schema.sql"
        assert not any(p.name.endswith(".rollback.sql") for p in m.migration_files(root))


def test_no_migrations_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(m.MigrationsNotFound, match="no migrations found"):
        m.migration_files(tmp_path)


def test_migrate_without_sql_exits_nonzero_before_connecting(tmp_path: Path) -> None:
    # An unreachable server: the missing SQL is reported first, never "applied 0".
    res = cli("migrate", env={"CLAUDE_GATEWAY_DB_DIR": str(tmp_path),
                              "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert res.returncode == 2, res
    assert "no migrations found" in res.stderr
    assert "applied" not in res.stdout
    assert "Traceback" not in res.stderr


def test_mcp_without_the_extra_says_what_to_install() -> None:
    # sys.modules["mcp"] = None makes the SDK unimportable, as in an install without [mcp].
    prog = ("import sys; sys.modules['mcp'] = None; sys.argv[0] = 'claude-gateway'; "
            "from claude_gateway.cli import main; main()")
    res = cli("mcp", code=prog)
    assert res.returncode == 2, res
    assert "pip install 'claude-gateway[mcp]'" in res.stderr
    assert "Traceback" not in res.stderr


def test_client_import_does_not_load_the_mcp_sdk() -> None:
    prog = ("import sys, claude_gateway, claude_gateway.cli, claude_gateway.client, claude_gateway.hooks; "
            "print(sorted(m for m in sys.modules if m == 'mcp' or m.startswith('mcp.')))")
    res = cli(code=prog)
    assert res.returncode == 0, res
    assert res.stdout.strip() == "[]"


def test_the_build_copies_what_migrate_reads() -> None:
    # setup.py's list of SQL folders and migrate's list must agree.
    setup_py = (REPO / "setup.py").read_text()
    for sub in m.REPEATABLE_DIRS:
        assert f'"{sub}"' in setup_py
    for name in (m.ROLES_FILE, *m.POST_FILES):
        assert f'"{name}"' in setup_py
    assert '"migrations"' in setup_py


def test_repo_layout_is_found() -> None:
    assert (m.db_dir() / "migrations" / "0001_schema.sql").is_file()
    assert Path(m.db_dir()).name == "db"
