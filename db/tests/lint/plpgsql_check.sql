-- plpgsql_check over every PL/pgSQL function and trigger function in schema
-- claude, with security and performance warnings on: any finding fails,
-- except the documented exceptions below (as pgstac's plpgsql_check gate
-- does).  An exception names the function and the exact message, says why,
-- and must still occur: one that no longer matches a finding fails too, so
-- the list never outlives its reason.
BEGIN;
SELECT plan(2);

CREATE TEMP TABLE lint_exception (fn regprocedure, message text, why text) ON COMMIT DROP;
INSERT INTO lint_exception VALUES
    ('claude.search_knowledge(text, text, text, integer, integer)',
     'name of parameter "limit" is reserved keyword',
     'The API names the parameter "limit" (docs/RULES.md, "The API''s signatures"); PL/pgSQL reads it only qualified, search_knowledge."limit".'),
    ('claude.get_recent_activity(text, text, integer, text)',
     'name of parameter "limit" is reserved keyword',
     'The API names the parameter "limit" (as search_knowledge does); PL/pgSQL reads it only qualified, get_recent_activity."limit".'),
    ('claude._refuse_change(text, text)',
     'routine is marked as VOLATILE, should be IMMUTABLE',
     'It always raises: the planner runs an IMMUTABLE call with constant arguments while planning, and it would raise whether or not a row reaches it (db/tests/schema/refusal_helper.sql).');

CREATE TEMP TABLE lint_finding ON COMMIT DROP AS
SELECT p.oid::regprocedure AS fn, c.level, c.sqlstate, c.message, c.detail, c.lineno
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
   AND (p.prorettype <> 'trigger'::regtype OR t.tgrelid IS NOT NULL);

SELECT is_empty(
    $$
    SELECT f.fn::text || ': ' || f.level || ' ' || coalesce(f.sqlstate, '') || ' '
           || f.message || coalesce(' (' || f.detail || ')', '') || ' line ' || coalesce(f.lineno::text, '?')
      FROM lint_finding f
     WHERE NOT EXISTS (SELECT 1 FROM lint_exception e WHERE e.fn = f.fn AND e.message = f.message)
    $$,
    'plpgsql_check finds nothing in schema claude but the documented exceptions'
);
SELECT is_empty(
    $$
    SELECT e.fn::text || ': ' || e.message FROM lint_exception e
     WHERE NOT EXISTS (SELECT 1 FROM lint_finding f WHERE f.fn = e.fn AND f.message = e.message)
    $$,
    'every documented exception still matches a finding (else remove it)'
);

SELECT * FROM finish();
ROLLBACK;
