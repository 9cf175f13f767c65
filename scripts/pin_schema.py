"""Write db/tests/schema/pin.sql: pgTAP assertions that pin the claude schema.

The pin is generated from a migrated database's catalog and committed; it
fails when a migration changes a table, column type, NOT NULL, default,
constraint, index or foreign key without the pin being regenerated on purpose:

    DATABASE_URL=... .venv/bin/python scripts/pin_schema.py > db/tests/schema/pin.sql

Review the diff of pin.sql like any other change: it is the schema's contract.

The pin holds on every supported PostgreSQL version (15 to 18): PostgreSQL 18
also lists NOT NULL constraints in pg_constraint (contype 'n', with generated
names), so the constraint lists leave them out; NOT NULL is pinned per column
(col_not_null / col_is_null) on every version.
"""

from __future__ import annotations

import sys

import psycopg

from claude_gateway.localdb import resolve_admin_dsn


def q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def arr(items: list[str]) -> str:
    return "ARRAY[" + ", ".join(q(i) for i in items) + "]::name[]"


def main() -> None:
    out: list[str] = []
    with psycopg.connect(resolve_admin_dsn()) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'claude' AND c.relkind = 'r' ORDER BY 1").fetchall()]
        out.append(f"SELECT tables_are('claude', {arr(tables)}, 'claude has exactly these tables');")
        for t in tables:
            cols = conn.execute(
                """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attgenerated
                  FROM pg_attribute a
                  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = ('claude.' || quote_ident(%s))::regclass
                   AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum
                """, (t,)).fetchall()
            out.append(f"\n-- {t}")
            out.append(f"SELECT columns_are('claude', {q(t)}, {arr([c[0] for c in cols])});")
            for name, typ, notnull, default, generated in cols:
                out.append(f"SELECT col_type_is('claude', {q(t)}, {q(name)}, {q(typ)}, "
                           f"'claude.{t}.{name} is {typ}');")
                fn = "col_not_null" if notnull else "col_is_null"
                out.append(f"SELECT {fn}('claude', {q(t)}, {q(name)}, 'claude.{t}.{name} {fn}');")
                if generated:
                    continue
                if default is None:
                    out.append(f"SELECT col_hasnt_default('claude', {q(t)}, {q(name)}, "
                               f"'claude.{t}.{name} has no default');")
                else:
                    out.append(
                        f"SELECT is((SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                        f"JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                        f"WHERE d.adrelid = 'claude.{t}'::regclass AND a.attname = {q(name)}), "
                        f"{q(default)}, 'claude.{t}.{name} defaults to {default.replace(chr(39), '')}');"
                    )
            cons = conn.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = ('claude.' || quote_ident(%s))::regclass AND contype <> 'n' "
                "ORDER BY conname",
                (t,)).fetchall()
            out.append(
                "SELECT results_eq("
                f"$$SELECT conname::text COLLATE \"default\", pg_get_constraintdef(oid) FROM pg_constraint "
                f"WHERE conrelid = 'claude.{t}'::regclass AND contype <> 'n' ORDER BY conname$$, "
                "$$VALUES " + ", ".join(f"({q(n)}, {q(d)})" for n, d in cons) + "$$, "
                f"'claude.{t} has exactly its constraints');"
            )
            idx = conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'claude' "
                "AND tablename = %s ORDER BY indexname", (t,)).fetchall()
            out.append(
                "SELECT results_eq("
                f"$$SELECT indexname::text COLLATE \"default\", indexdef FROM pg_indexes WHERE schemaname = 'claude' "
                f"AND tablename = {q(t)} ORDER BY indexname$$, "
                "$$VALUES " + ", ".join(f"({q(n)}, {q(d)})" for n, d in idx) + "$$, "
                f"'claude.{t} has exactly its indexes');"
            )
            out.append(
                f"SELECT is((SELECT obj_description('claude.{t}'::regclass, 'pg_class') IS NOT NULL "
                f"AND bool_and(col_description('claude.{t}'::regclass, a.attnum) IS NOT NULL) "
                f"FROM pg_attribute a WHERE a.attrelid = 'claude.{t}'::regclass AND a.attnum > 0 "
                f"AND NOT a.attisdropped), true, 'claude.{t} and every column carry a COMMENT');"
            )
    n = sum(1 for line in out if line.startswith("SELECT"))
    sys.stdout.write(
        "-- GENERATED by scripts/pin_schema.py from a migrated database: do not edit by hand.\n"
        "BEGIN;\n"
        f"SELECT plan({n});\n"
        + "\n".join(out)
        + "\nSELECT * FROM finish();\nROLLBACK;\n"
    )


if __name__ == "__main__":
    main()
