"""The schema you can read: db/schema.sql is what a fresh migrate builds, and
migrate names any function, view or trigger that no source file declares."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg

from claude_gateway import migrate as m

ROOT = Path(__file__).resolve().parents[2]


def test_db_schema_sql_is_the_freshly_migrated_schema(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    assert m.migrate(dsn).undeclared == []
    fresh = subprocess.run([sys.executable, str(ROOT / "scripts" / "dump_schema.py")], cwd=ROOT,
                           env={**os.environ, "DATABASE_URL": dsn}, capture_output=True, text=True,
                           check=True).stdout
    committed = (ROOT / "db" / "schema.sql").read_text()
    diff = "".join(difflib.unified_diff(committed.splitlines(keepends=True), fresh.splitlines(keepends=True),
                                        "db/schema.sql (committed)", "db/schema.sql (fresh migrate)", n=1))
    assert not diff, ("db/schema.sql is stale: regenerate it with `DATABASE_URL=... .venv/bin/python "
                      "scripts/dump_schema.py > db/schema.sql` and review the diff\n" + diff[:6000])


def test_migrate_names_what_no_source_file_declares(scratch_db: Callable[[], str]) -> None:
    dsn = scratch_db()
    m.migrate(dsn)
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("CREATE FUNCTION claude.renamed_away(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a'")
        c.execute("CREATE VIEW claude.left_behind AS SELECT 1 AS one")
        c.execute("CREATE FUNCTION claude.tg_gone() RETURNS trigger LANGUAGE plpgsql"
                  " AS 'BEGIN RETURN NEW; END'")
        c.execute("CREATE TRIGGER _500_gone BEFORE INSERT ON claude.projects FOR EACH ROW "
                  "EXECUTE FUNCTION claude.tg_gone()")
    assert m.migrate(dsn).undeclared == [
        "function claude.renamed_away(integer)", "function claude.tg_gone()",
        "trigger _500_gone on claude.projects", "view claude.left_behind"]
