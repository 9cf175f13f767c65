-- The lease API: names, parameters, defaults and results of the lease API;
-- who may call it; the view for Mission Control.
BEGIN;
SELECT plan(12);

SELECT results_eq(
    $$SELECT p.proname::text COLLATE "default", pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)
        FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
         AND p.proname IN ('acquire_lease', 'renew_lease', 'release_lease', 'release_leases', 'check_paths')
       ORDER BY 1$$,
    $$VALUES
      ('acquire_lease', 'session_id uuid, paths text[], exclusive boolean DEFAULT true, ttl_seconds integer DEFAULT 3600, reason text DEFAULT NULL::text', 'SETOF claude.file_leases'),
      ('check_paths', 'project_name text, paths text[], session_id uuid DEFAULT NULL::uuid', 'SETOF claude.live_leases'),
      ('release_lease', 'lease_id uuid', 'void'),
      ('release_leases', 'session_id uuid', 'integer'),
      ('renew_lease', 'lease_id uuid, ttl_seconds integer DEFAULT 3600', 'claude.file_leases')$$,
    'the lease API');

SELECT is_empty($$SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
                    AND p.proname IN ('acquire_lease', 'renew_lease', 'release_lease', 'release_leases', 'check_paths')
                    AND NOT (p.prosecdef AND 'search_path=pg_catalog, claude, pg_temp' = ANY (p.proconfig))$$,
                'every lease function is SECURITY DEFINER with a fixed search_path');
SELECT is_empty($$SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
                    AND p.proname IN ('acquire_lease', 'renew_lease', 'release_lease', 'release_leases', 'check_paths')
                    AND (NOT has_function_privilege('claude_agent', p.oid, 'EXECUTE')
                         OR has_function_privilege('claude_reader', p.oid, 'EXECUTE')
                         OR has_function_privilege('public', p.oid, 'EXECUTE'))$$,
                'agents may call them; readers and PUBLIC may not');
SELECT is_empty($$SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
                    AND (p.proname ~ 'lease|glob' OR p.proname = 'check_paths')
                    AND obj_description(p.oid, 'pg_proc') IS NULL$$,
                'every lease function has a COMMENT');
SELECT is_empty($$SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
                    AND p.proname ~ '^(_|tg_).*(lease|glob)'
                    AND p.proname <> '_lease_release_causes'  -- an allowed-value list (db/values/): any role reads it
                    AND has_function_privilege('claude_agent', p.oid, 'EXECUTE')$$,
                'the private helpers are nobody''s to call (but the allowed-value list of release causes)');

SELECT ok(has_table_privilege('claude_reader', 'claude.live_leases', 'SELECT'), 'Mission Control (claude_reader) reads claude.live_leases');
SELECT ok(NOT has_table_privilege('claude_reader', 'claude.file_leases', 'SELECT'), 'but not the table');
SELECT ok(NOT has_table_privilege('claude_agent', 'claude.file_leases', 'INSERT')
          AND NOT has_table_privilege('claude_agent', 'claude.file_leases', 'UPDATE')
          AND NOT has_table_privilege('claude_agent', 'claude.file_lease_projects', 'UPDATE'), 'agents do not write the tables');
SELECT isnt(obj_description('claude.live_leases'::regclass, 'pg_class'), NULL, 'the view has a COMMENT');
SELECT is((SELECT count(*)::integer FROM pg_attribute WHERE attrelid = 'claude.file_leases'::regclass AND attnum > 0
             AND NOT attisdropped AND col_description(attrelid, attnum) IS NULL), 0, 'every column has a COMMENT');

-- As a real agent role: the view and the API, nothing else.
SELECT tests.make_session(tests.make_identity(), tests.make_project('lease-grants')) AS s \gset
SET LOCAL ROLE claude_agent;
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['x/**'])$$, :'s'), 'claude_agent acquires through the API');
SELECT throws_ok($$SELECT * FROM claude.file_leases$$, '42501', NULL, 'claude_agent cannot read the table');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
