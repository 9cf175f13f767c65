-- session_startup runs as claude_agent and checks no reminder (its signature is
-- pinned in db/tests/contract/analysis_signatures.sql, its grants in
-- db/tests/security/privileges_pinned.sql).
BEGIN;
SELECT plan(2);

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
