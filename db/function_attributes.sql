-- How the functions of schema claude run, stated once for all of them: the
-- files of db/functions/ and db/triggers/ do not repeat it.  `migrate`
-- re-applies this file after those files (CREATE OR REPLACE resets a
-- function's settings, so this runs every time, in the same transaction) and
-- before grants.sql.  db/tests/security/privilege_rules.sql checks the outcome
-- over the whole catalog, db/schema.sql shows it per function.
--
-- 1. search_path = pg_catalog, claude, pg_temp on every function, so that a
--    name in a body resolves to PostgreSQL's object or ours, never to one a
--    caller created (pg_temp comes last).  A function whose file sets another
--    path keeps it (claude._run_condition resolves a condition's names in
--    public too); other settings a file makes are kept beside it
--    (plan_cache_mode in get_due_jobs, for one).  Two kinds have no SET clause, because a SET clause costs a
--    save and restore of the setting on every call and stops the planner
--    inlining a SQL function:
--      - the allowed-value lists of db/values/: private, no argument,
--        IMMUTABLE; CHECKs fold them on every write of their row, and they
--        name nothing;
--      - claude._job_is_due, a SQL predicate inlined into get_due_jobs' query;
--        every name in it is qualified.
-- 2. SECURITY DEFINER on the API: every function whose name starts with
--    neither "_" (a private helper: it runs with the rights of the API
--    function that calls it) nor "tg_" (a trigger), unless it is IMMUTABLE
--    (claude.cron_next reads no table).  Tables are private (grants.sql), so
--    the API reaches them with its owner's rights.  A private function that
--    needs its owner's rights says SECURITY DEFINER in its own file, with the
--    reason beside it (claude._run_condition, claude._reminder_condition,
--    claude.tg_idempotency_keys__has_result).  An API function that must run
--    with its caller's rights would need an exception here: none does today
--    (reminder conditions run as claude_condition through _run_condition).
DO $$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT p.oid::regprocedure AS fn,
               NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS cfg WHERE cfg LIKE 'search_path=%')
                   AND NOT (p.proname ~ '^_' AND p.pronargs = 0 AND p.provolatile = 'i'
                            AND p.prorettype IN ('text[]'::regtype, 'tstzrange'::regtype))
                   AND p.oid IS DISTINCT FROM to_regprocedure('claude._job_is_due(claude.scheduled_jobs)')
                   AS needs_path,
               NOT p.prosecdef AND p.proname !~ '^(_|tg_)' AND p.provolatile <> 'i' AS needs_definer
          FROM pg_proc p
         WHERE p.pronamespace = 'claude'::regnamespace
           AND p.prokind = 'f'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
                            WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
         ORDER BY p.oid
    LOOP
        IF v.needs_path THEN
            EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, claude, pg_temp', v.fn);
        END IF;
        IF v.needs_definer THEN
            EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER', v.fn);
        END IF;
    END LOOP;
END $$;
