-- Who may call what: agents call every reminder tool, PUBLIC none; writers are
-- SECURITY DEFINER with a fixed search_path.
BEGIN;
SELECT plan(4);

SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.oid IN ('claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text, text)'::regprocedure,
                     'claude.get_due_reminders(text)'::regprocedure, 'claude.check_reminder(uuid)'::regprocedure,
                     'claude.complete_reminder(uuid)'::regprocedure, 'claude.reschedule_reminder(uuid, boolean)'::regprocedure,
                     'claude.dismiss_reminder(uuid)'::regprocedure, 'claude.process_due_reminders(text)'::regprocedure)
       AND NOT has_function_privilege('claude_agent', p.oid, 'EXECUTE')$$, 'claude_agent may call every reminder tool');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND (p.proname LIKE '%reminder%')
       AND has_function_privilege('public', p.oid, 'EXECUTE')$$, 'PUBLIC may call none');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.oid IN ('claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text, text)'::regprocedure,
                     'claude.get_due_reminders(text)'::regprocedure, 'claude._reminder_condition(uuid)'::regprocedure,
                     'claude.complete_reminder(uuid)'::regprocedure, 'claude.reschedule_reminder(uuid, boolean)'::regprocedure,
                     'claude.dismiss_reminder(uuid)'::regprocedure)
       AND NOT (p.prosecdef AND 'search_path=pg_catalog, claude, pg_temp' = ANY (p.proconfig))$$,
    'writing and reading tools are SECURITY DEFINER with a fixed search_path');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude' AND p.proname LIKE '%reminder%' AND p.proname NOT LIKE '\_%' AND p.proname NOT LIKE 'tg\_%'
       AND obj_description(p.oid, 'pg_proc') IS NULL$$, 'every public reminder function has a COMMENT');

SELECT * FROM finish();
ROLLBACK;
