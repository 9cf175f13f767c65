-- One naming rule for the input parameters of private helpers (_name): p_<name>,
-- so that a parameter never reads like a column (API functions keep the
-- contract's names and qualify them with the function name instead).
BEGIN;
SELECT plan(1);

SELECT is_empty($$
    SELECT p.oid::regprocedure::text || ' ' || a.name
      FROM pg_proc p
      CROSS JOIN LATERAL unnest(p.proargnames, coalesce(p.proargmodes::text[],
                                array_fill('i'::text, ARRAY[coalesce(cardinality(p.proargnames), 0)]))) AS a(name, mode)
     WHERE p.pronamespace = 'claude'::regnamespace AND p.proname LIKE '\_%'
       AND a.mode IN ('i', 'b', 'v') AND a.name NOT LIKE 'p\_%'$$,
    'every input parameter of a private helper is named p_<name>');

SELECT * FROM finish();
ROLLBACK;
