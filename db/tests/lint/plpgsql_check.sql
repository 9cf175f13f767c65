-- plpgsql_check over every PL/pgSQL function and trigger function in schema
-- claude, with security and performance warnings on: any finding fails.
BEGIN;
SELECT plan(1);

SELECT is_empty(
    $$
    SELECT p.oid::regprocedure::text || ': ' || c.level || ' ' || coalesce(c.sqlstate, '') || ' '
           || c.message || coalesce(' (' || c.detail || ')', '') || ' line ' || coalesce(c.lineno::text, '?')
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_language l ON l.oid = p.prolang
      LEFT JOIN pg_trigger t ON t.tgfoid = p.oid AND NOT t.tgisinternal
      CROSS JOIN LATERAL plpgsql_check_function_tb(
            p.oid,
            relid => coalesce(t.tgrelid, 0),
            oldtable => t.tgoldtable,
            newtable => t.tgnewtable,
            performance_warnings => true,
            security_warnings => true,
            extra_warnings => false
      ) c
     WHERE n.nspname = 'claude' AND l.lanname = 'plpgsql'
       AND (p.prorettype <> 'trigger'::regtype OR t.tgrelid IS NOT NULL)
    $$,
    'plpgsql_check finds nothing in schema claude'
);

SELECT * FROM finish();
ROLLBACK;
