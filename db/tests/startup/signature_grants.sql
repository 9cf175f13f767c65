-- session_startup's signature, security, grants; it runs as claude_agent and checks no reminder.
BEGIN;
SELECT plan(7);

SELECT is(pg_get_function_arguments('claude.session_startup(uuid, text, text)'::regprocedure),
          'identity_id uuid, project_name text, project_schema text DEFAULT NULL::text', 'parameters and defaults per docs/RULES.md, "session_startup"');
SELECT is(pg_get_function_result('claude.session_startup(uuid, text, text)'::regprocedure), 'jsonb', 'returns jsonb');
SELECT ok((SELECT p.prosecdef AND 'search_path=pg_catalog, claude, pg_temp' = ANY (p.proconfig)
             FROM pg_proc p WHERE p.oid = 'claude.session_startup(uuid, text, text)'::regprocedure),
          'SECURITY DEFINER with the fixed search_path');
SELECT ok(has_function_privilege('claude_agent', 'claude.session_startup(uuid, text, text)', 'EXECUTE'), 'claude_agent may call it');
SELECT ok(NOT has_function_privilege('public', 'claude.session_startup(uuid, text, text)', 'EXECUTE'), 'PUBLIC may not');

-- A sql_query reminder whose condition is true stays pending: the owner's
-- privileges must never run a stored condition; the client checks it.
SELECT tests.make_identity('sug-a') AS a \gset
SELECT claude.create_reminder(title => 'sug check', check_after => now() - interval '1 hour', check_type => 'sql_query',
                              check_condition => 'SELECT true', project_name => tests.make_project('sug-p')) AS r \gset
SET LOCAL ROLE claude_agent;
SELECT claude.session_startup(identity_id => :'a', project_name => 'sug-p') AS bundle \gset
RESET ROLE;
SELECT is(:'bundle'::jsonb #>> '{due_reminders,0,reminder_id}', :'r', 'claude_agent gets the bundle, with the due reminder');
SELECT is((SELECT status::text || '/' || reminder_count FROM claude.reminders WHERE reminder_id = :'r'), 'pending/0',
          'the reminder is listed but not checked');

SELECT * FROM finish();
ROLLBACK;
