-- The public API of this domain: names, parameters, defaults and return types
-- as docs/RULES.md, "The API's signatures" requires; SECURITY DEFINER with a fixed search_path;
-- no EXECUTE for PUBLIC; who may call what.
BEGIN;
SELECT plan(5);

SELECT results_eq(
    $$SELECT p.proname::text COLLATE "default", pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)
        FROM pg_proc p
       WHERE p.pronamespace = 'claude'::regnamespace
         AND p.proname IN ('register_identity', 'update_identity_activity', 'archive_identity', 'get_active_identities',
                           'start_session', 'end_session', 'get_active_session', 'log_activity', 'get_recent_activity',
                           'get_activity_by_source', 'archive_activity', 'end_abandoned_sessions')
       ORDER BY 1$$,
    $$VALUES
      ('archive_activity', 'older_than interval DEFAULT ''90 days''::interval', 'integer'),
      ('archive_identity', 'identity_id uuid', 'void'),
      ('end_abandoned_sessions', 'idle_for interval DEFAULT ''12:00:00''::interval', 'integer'),
      ('end_session', 'session_id uuid, summary text, tasks text[] DEFAULT ''{}''::text[], learnings text[] DEFAULT ''{}''::text[], challenges text[] DEFAULT ''{}''::text[]', 'void'),
      ('get_active_identities', '', 'SETOF claude.identities'),
      ('get_active_session', 'identity_id uuid', 'uuid'),
      ('get_activity_by_source', 'source_type text, source_id uuid', 'SETOF claude.activity_feed'),
      ('get_recent_activity', 'project_name text DEFAULT NULL::text, severity text DEFAULT NULL::text, "limit" integer DEFAULT 50, source_type text DEFAULT NULL::text', 'SETOF claude.activity_feed'),
      ('log_activity', 'source_type text, source_id uuid, actor text, activity_type text, title text, summary text DEFAULT NULL::text, project_name text DEFAULT NULL::text, severity text DEFAULT ''info''::text', 'uuid'),
      ('register_identity', 'identity_name text, platform text, role_description text, capabilities jsonb DEFAULT ''{}''::jsonb, personality_traits jsonb DEFAULT NULL::jsonb, learning_style jsonb DEFAULT NULL::jsonb', 'uuid'),
      ('start_session', 'identity_id uuid, project_name text, project_schema text DEFAULT NULL::text', 'uuid'),
      ('update_identity_activity', 'identity_id uuid', 'void')$$,
    'each tool has the analysis'' name, parameters, defaults and return type');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_proc p
       WHERE p.pronamespace = 'claude'::regnamespace
         AND p.proname IN ('register_identity', 'update_identity_activity', 'archive_identity', 'get_active_identities',
                           'start_session', 'end_session', 'get_active_session', 'log_activity', 'get_recent_activity',
                           'get_activity_by_source', 'archive_activity', 'end_abandoned_sessions')
         AND NOT (p.prosecdef AND 'search_path=pg_catalog, claude, pg_temp' = ANY (p.proconfig))$$,
    'every tool is SECURITY DEFINER with the fixed search_path');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_proc p
       WHERE p.pronamespace = 'claude'::regnamespace
         AND has_function_privilege('public', p.oid, 'EXECUTE')$$,
    'PUBLIC may execute nothing in claude');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_proc p
       WHERE p.pronamespace = 'claude'::regnamespace
         AND p.proname IN ('register_identity', 'update_identity_activity', 'get_active_identities', 'start_session',
                           'end_session', 'get_active_session', 'log_activity', 'get_recent_activity',
                           'get_activity_by_source', 'end_abandoned_sessions')
         AND NOT has_function_privilege('claude_agent', p.oid, 'EXECUTE')$$,
    'claude_agent may call the agent tools');

SELECT is_empty(
    $$SELECT p.oid::regprocedure::text FROM pg_proc p
       WHERE p.pronamespace = 'claude'::regnamespace
         AND (p.proname IN ('archive_identity', 'archive_activity') OR p.proname ~ '^(_|tg_)')
         -- cron_next is SECURITY INVOKER and parses each field with this helper.
         AND p.proname <> '_cron_field'
         -- the allowed-value lists (db/values/) are readable by every role
         AND NOT (p.pronargs = 0 AND p.provolatile = 'i'
                  AND p.prorettype IN ('text[]'::regtype, 'tstzrange'::regtype))
         AND has_function_privilege('claude_agent', p.oid, 'EXECUTE')$$,
    'claude_agent may not call admin tools, private helpers or trigger functions');

SELECT * FROM finish();
ROLLBACK;
