-- Generic privilege rules over the whole catalog of schema claude: they hold
-- for every object, including ones added after this test was written.
BEGIN;
SELECT plan(20);

-- Functions
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND has_function_privilege('public', p.oid, 'EXECUTE')$$,
    'no function in claude is executable by PUBLIC');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND has_function_privilege('claude_reader', p.oid, 'EXECUTE')
       -- The allowed-value lists and bounds of db/values/ (constants the views
       -- read): private, no argument, IMMUTABLE PL/pgSQL returning a list or a range.
       AND NOT (p.proname ~ '^_' AND p.pronargs = 0 AND p.provolatile = 'i' AND NOT p.prosecdef
                AND p.prorettype IN ('text[]'::regtype, 'tstzrange'::regtype)
                AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'))
       AND p.oid <> 'claude.search_knowledge(text, text, text, integer, integer)'::regprocedure$$,
    'no function in claude is executable by claude_reader (it sees views), but the allowed-value lists and the read-only search_knowledge');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND p.proname !~ '^(_|tg_)'
       AND p.oid <> 'claude.answer_question(uuid, text, integer, uuid)'::regprocedure
       AND NOT has_function_privilege('claude_admin', p.oid, 'EXECUTE')$$,
    'every API function is executable by claude_admin (an admin may do all an agent may), but answer_question (human overseers only)');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND p.proname !~ '^(_|tg_)' AND obj_description(p.oid, 'pg_proc') IS NULL$$,
    'every API function has a COMMENT (it is public API: docstrings, MCP descriptions)');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text || ' ' || coalesce(array_to_string(p.proconfig, ' '), '(no settings)')
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND p.prosecdef
       -- The condition sandbox runs as claude_condition and resolves the
       -- condition's unqualified names in public too (checked below).
       AND p.oid <> 'claude._run_condition(uuid)'::regprocedure
       AND NOT EXISTS (
           SELECT 1 FROM unnest(p.proconfig) AS cfg
            WHERE cfg LIKE 'search_path=%'
              AND string_to_array(replace(substr(cfg, 13), ' ', ''), ',') = ARRAY['pg_catalog', 'claude', 'pg_temp'])$$,
    'every SECURITY DEFINER function runs with search_path = pg_catalog, claude, pg_temp exactly');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text || ' ' || coalesce(array_to_string(p.proconfig, ' '), '(no settings)')
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude'
       -- Inlined predicates: a SET clause would stop the planner inlining them
       -- into their callers' queries (index use).  They are private SQL
       -- (no role may call them), not SECURITY DEFINER, qualify every name,
       -- and their callers are SECURITY DEFINER with the fixed search_path.
       AND NOT (p.oid = 'claude._job_is_due(claude.scheduled_jobs)'::regprocedure
                AND NOT p.prosecdef AND p.proconfig IS NULL
                AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql'))
       -- The allowed-value lists of db/values/ likewise (CHECKs and views fold
       -- them into constants); they name nothing, so no search_path applies.
       -- PL/pgSQL: a CHECK folds them on every write of its row, and PL/pgSQL
       -- keeps the compiled body where a SQL function is parsed each time.
       AND NOT (p.proname ~ '^_' AND p.pronargs = 0 AND p.provolatile = 'i' AND NOT p.prosecdef
                AND p.proconfig IS NULL AND p.prorettype IN ('text[]'::regtype, 'tstzrange'::regtype)
                AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql'))
       AND NOT EXISTS (
           SELECT 1 FROM unnest(p.proconfig) AS cfg,
                  LATERAL (SELECT string_to_array(replace(substr(cfg, 13), ' ', ''), ',') AS path) s
            WHERE cfg LIKE 'search_path=%' AND s.path[1] = 'pg_catalog'
              AND s.path[cardinality(s.path)] = 'pg_temp')$$,
    'every function in claude (invoker ones too) fixes its search_path, pg_catalog first and pg_temp last');
-- db/function_attributes.sql states who runs with its owner's rights: the API
-- (neither "_" nor "tg_"), unless IMMUTABLE; a private function only where its
-- own file says so, with the reason.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'claude'::regnamespace AND p.proname !~ '^(_|tg_)'
       AND p.provolatile <> 'i' AND NOT p.prosecdef$$,
    'every API function that reads or writes data is SECURITY DEFINER');
SELECT set_eq($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'claude'::regnamespace AND p.prosecdef
       AND (p.proname ~ '^(_|tg_)' OR p.provolatile = 'i')$$,
    ARRAY['claude._reminder_condition(uuid)', 'claude._run_condition(uuid)',
          'claude.tg_idempotency_keys__has_result()'],
    'private functions run with their owner''s rights only where their file says why');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND p.prosrc ~* '\mEXECUTE\M'
       AND p.oid <> 'claude._run_condition(uuid)'::regprocedure$$,
    'dynamic SQL (EXECUTE) appears only in the condition sandbox _run_condition');
SELECT is_empty($$
    SELECT m[1] FROM pg_proc p, regexp_matches(p.prosrc, '\mEXECUTE\M\s+(\S+)', 'gi') AS m
     WHERE p.oid = 'claude._run_condition(uuid)'::regprocedure AND m[1] !~* '^format\('$$,
    '_run_condition builds its dynamic SQL only with format() (of a regclass or of the stored condition)');
SELECT ok((SELECT p.prosecdef AND p.proowner = 'claude_condition'::regrole
                  AND p.proconfig = ARRAY['search_path=pg_catalog, claude, public, pg_temp']
             FROM pg_proc p WHERE p.oid = 'claude._run_condition(uuid)'::regprocedure),
    'the condition sandbox is SECURITY DEFINER owned by claude_condition: conditions run as it, whoever checks (SET ROLE and SET SESSION AUTHORIZATION are refused inside)');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND p.oid <> 'claude._run_condition(uuid)'::regprocedure
       AND pg_get_userbyid(p.proowner) = 'claude_condition'$$,
    'claude_condition owns nothing else');
SELECT is_empty($$
    SELECT rolname FROM pg_roles
     WHERE rolname = 'claude_condition'
       AND (rolsuper OR rolcanlogin OR rolinherit OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication
            OR EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = pg_roles.oid))$$,
    'claude_condition is a NOLOGIN, NOINHERIT role, member of no role, without any role attribute');
SELECT is_empty($$
    SELECT format('%s (granted to %s, SECURITY INVOKER) calls %s, which %s may not execute',
                  p.oid::regprocedure, g.rolname, h.oid::regprocedure, g.rolname)
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'claude'
      CROSS JOIN LATERAL aclexplode(p.proacl) a
      JOIN pg_roles g ON g.oid = a.grantee AND a.privilege_type = 'EXECUTE'
      JOIN pg_proc h ON h.pronamespace = n.oid AND h.proname ~ '^_'
                    AND p.prosrc ~ ('claude\.' || h.proname || '\s*\(')
     WHERE NOT p.prosecdef
       AND NOT has_function_privilege(g.oid, h.oid, 'EXECUTE')$$,
    'every private helper a SECURITY INVOKER function calls is executable by every role that function is granted to');

-- Relations
-- Every privilege granted on a relation of claude to anyone but its owner.
CREATE TEMP VIEW granted AS
SELECT c.oid, c.relkind, a.privilege_type, a.grantee,
       c.oid::regclass::text || ' ' || a.privilege_type || ' to ' || coalesce(r.rolname, 'PUBLIC') AS grant_text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL aclexplode(c.relacl) a
  LEFT JOIN pg_roles r ON r.oid = a.grantee
 WHERE n.nspname = 'claude' AND a.grantee <> c.relowner;
SELECT is_empty($$SELECT grant_text FROM granted WHERE relkind IN ('r', 'p', 'S', 'f')$$,
    'no table or sequence privilege for anyone but the owner (PUBLIC and claude_* included)');
SELECT is_empty($$
    SELECT c.oid::regclass::text || '.' || att.attname || ' ' || a.privilege_type
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute att ON att.attrelid = c.oid
      CROSS JOIN LATERAL aclexplode(att.attacl) a
     WHERE n.nspname = 'claude' AND att.attacl IS NOT NULL$$,
    'no column-level privilege in claude');
SELECT is_empty($$
    SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'claude' AND c.relkind IN ('v', 'm')
       AND NOT has_table_privilege('claude_reader', c.oid, 'SELECT')$$,
    'claude_reader has SELECT on every view');
SELECT is_empty($$
    SELECT grant_text FROM granted
     WHERE relkind IN ('v', 'm')
       AND (privilege_type <> 'SELECT' OR grantee NOT IN ('claude_reader'::regrole, 'claude_condition'::regrole))$$,
    'views grant nothing but SELECT to claude_reader and claude_condition (a simple view is updatable: no INSERT/UPDATE/DELETE on any)');

-- Roles and ownership
SELECT is_empty($$
    SELECT rolname FROM pg_roles
     WHERE rolname IN ('claude_reader', 'claude_agent', 'claude_admin')
       AND (rolsuper OR rolcanlogin OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication)$$,
    'the claude_* roles are NOLOGIN group roles without superuser, CREATEROLE, CREATEDB, BYPASSRLS or REPLICATION');
SELECT is_empty($$
    SELECT 'relation ' || c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'claude' AND pg_get_userbyid(c.relowner) IN ('claude_reader', 'claude_agent', 'claude_admin')
    UNION ALL
    SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND pg_get_userbyid(p.proowner) IN ('claude_reader', 'claude_agent', 'claude_admin')
    UNION ALL
    SELECT 'schema claude' FROM pg_namespace
     WHERE nspname = 'claude' AND pg_get_userbyid(nspowner) IN ('claude_reader', 'claude_agent', 'claude_admin')$$,
    'no claude_* role owns the schema or anything in it (an owner could write the tables)');

-- (Not tested: ALTER DEFAULT PRIVILEGES IN SCHEMA claude REVOKE EXECUTE ... FROM
-- PUBLIC in 0001 is a no-op -- PostgreSQL cannot revoke per schema what is
-- granted globally -- so a new function IS executable by PUBLIC until
-- db/grants.sql, re-run at the end of every migrate, revokes it; test 1 checks
-- the result.  See docs/SECURITY.md.)

SELECT * FROM finish();
ROLLBACK;
