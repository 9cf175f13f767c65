"""Version-independent views of a database for tests that compare or check it.

PostgreSQL 18 runs from the server-only binaries of scripts/pg18.sh (initdb,
pg_ctl, postgres): no pg_dump or pg_amcheck of its version, and Debian's 15
client tools refuse a newer server.  These helpers read the catalog instead,
so the same assertions hold on every supported version.
"""

from __future__ import annotations

import psycopg

# Every object of a schema as one text line each: tables and their columns
# (type, NOT NULL, default, generated, identity), constraints other than NOT
# NULL (18 lists those too; attnotnull covers them on every version), indexes,
# triggers, functions (full definition, ACL), views, sequences, types, and
# the COMMENT and ACL of each.  Ownership is left out, like `pg_dump --no-owner`.
FINGERPRINT_SQL = """
WITH ns AS (SELECT oid, nspacl FROM pg_namespace WHERE nspname = %(schema)s)
SELECT line FROM (
    SELECT 'schema acl ' || coalesce(nspacl::text, '') AS line FROM ns
    UNION ALL
    SELECT format('rel %%s kind=%%s acl=%%s comment=%%s', c.relname, c.relkind,
                  coalesce(c.relacl::text, ''), coalesce(obj_description(c.oid, 'pg_class'), ''))
      FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
    UNION ALL
    SELECT format('col %%s.%%s %%s notnull=%%s default=%%s generated=%%s identity=%%s acl=%%s comment=%%s',
                  c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attgenerated, a.attidentity,
                  coalesce(a.attacl::text, ''), coalesce(col_description(c.oid, a.attnum), ''))
      FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    UNION ALL
    SELECT format('con %%s.%%s %%s comment=%%s', coalesce(c.relname, t.typname), k.conname,
                  pg_get_constraintdef(k.oid), coalesce(obj_description(k.oid, 'pg_constraint'), ''))
      FROM pg_constraint k JOIN ns ON ns.oid = k.connamespace
      LEFT JOIN pg_class c ON c.oid = k.conrelid
      LEFT JOIN pg_type t ON t.oid = k.contypid
     WHERE k.contype <> 'n'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = %(schema)s
    UNION ALL
    SELECT format('trigger %%s comment=%%s', pg_get_triggerdef(g.oid),
                  coalesce(obj_description(g.oid, 'pg_trigger'), ''))
      FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN ns ON ns.oid = c.relnamespace
     WHERE NOT g.tgisinternal
    UNION ALL
    SELECT format('function %%s acl=%%s comment=%%s def=%%s', p.oid::regprocedure,
                  coalesce(p.proacl::text, ''), coalesce(obj_description(p.oid, 'pg_proc'), ''),
                  CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) ELSE '' END)
      FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
    UNION ALL
    SELECT format('view %%s %%s', c.relname, pg_get_viewdef(c.oid))
      FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
    UNION ALL
    SELECT format('type %%s kind=%%s comment=%%s', t.typname, t.typtype,
                  coalesce(obj_description(t.oid, 'pg_type'), ''))
      FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
     WHERE t.typtype IN ('c', 'd', 'e') AND NOT EXISTS (
           SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
    UNION ALL
    SELECT format('policy %%s.%%s %%s %%s', c.relname, p.polname, p.polcmd,
                  coalesce(pg_get_expr(p.polqual, p.polrelid), ''))
      FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN ns ON ns.oid = c.relnamespace
) s
ORDER BY line COLLATE "C"
"""


def schema_fingerprint(dsn: str, schema: str = "claude") -> str:
    """The schema's objects, one sorted line each (equal schemas give equal text)."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(FINGERPRINT_SQL, {"schema": schema}).fetchall()  # type: ignore[arg-type]
    return "\n".join(r[0] for r in rows)


def amcheck_problems(dsn: str) -> list[str]:
    """What pg_amcheck --heapallindexed checks, run through the amcheck extension:
    every table's heap (verify_heapam) and every B-tree index against its heap
    (bt_index_check with heapallindexed).  Returns the corruption found."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")  # pg_amcheck --install-missing
        heap = conn.execute(
            "SELECT c.oid::regclass::text || ': ' || v.msg"
            "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "  CROSS JOIN LATERAL verify_heapam(c.oid) v"
            " WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence <> 't'"
        ).fetchall()
        indexes = conn.execute(
            "SELECT i.indexrelid::regclass::text FROM pg_index i"
            "  JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam"
            " WHERE am.amname = 'btree' AND c.relpersistence <> 't' AND i.indisvalid"
            "   AND i.indisready"
        ).fetchall()
        problems = [r[0] for r in heap]
        for (index,) in indexes:
            try:
                conn.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
            except psycopg.Error as exc:
                problems.append(f"{index}: {exc}")
        return problems
