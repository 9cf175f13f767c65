"""The SQL sources say each rule once: what db/function_attributes.sql states for
every function (its search_path, SECURITY DEFINER for the API), no function or
trigger file repeats."""

from __future__ import annotations

import re
from pathlib import Path

DB = Path(__file__).resolve().parents[2] / "db"
# A function file that sets another search_path, or needs its owner's rights
# although private, says so itself (db/function_attributes.sql names them).
DEFAULT_PATH = re.compile(
    r"(?im)^\s*SET\s+search_path\s*(=|TO)\s*'?pg_catalog'?\s*,\s*'?claude'?\s*,\s*'?pg_temp'?\s*$"
)
DEFINER = re.compile(r"(?im)^[^-\n]*\bSECURITY\s+DEFINER\b")
PRIVATE_DEFINERS = {
    "functions/_run_condition.sql",
    "functions/_reminder_condition.sql",
    "triggers/idempotency_keys__has_result.sql",
}


def sources() -> list[Path]:
    files = sorted(DB.glob("functions/*.sql")) + sorted(DB.glob("triggers/*.sql"))
    assert len(files) > 100, files
    return files


def test_no_source_restates_the_default_search_path() -> None:
    assert [p.relative_to(DB).as_posix() for p in sources() if DEFAULT_PATH.search(p.read_text())] == []


def test_only_the_named_private_functions_say_security_definer() -> None:
    said = {p.relative_to(DB).as_posix() for p in sources() if DEFINER.search(p.read_text())}
    assert said == PRIVATE_DEFINERS


def test_sources_state_rules_not_tickets() -> None:
    # A rule is stated where it applies (or in docs/); a citation of a ticket or of
    # a document outside this repository tells the reader nothing.
    cited = re.compile(r"(?i)\b(issue\s+#\d+|CONTRACT(\.md)?\s+\d+|\(#\d+\))")
    files = [
        *sources(),
        *sorted(DB.glob("views/*.sql")),
        *sorted(DB.glob("values/*.sql")),
        *(DB / name for name in ("roles.sql", "grants.sql", "function_attributes.sql")),
    ]
    assert [p.relative_to(DB).as_posix() for p in files if cited.search(p.read_text())] == []
