-- Conditions run as claude_condition, whoever checks them: never with the
-- checker's privileges (an agent's, an admin's, or the superuser's), never
-- with the owner's.  claude_condition reads the claude views and what an
-- admin grants it, and nothing else.
BEGIN;
SELECT plan(9);

CREATE ROLE cgw_reminders_test_agent NOLOGIN;
GRANT claude_agent TO cgw_reminders_test_agent;
CREATE TABLE public.cp_granted (x int);
GRANT SELECT ON public.cp_granted TO claude_condition;
CREATE TABLE public.cp_secret (x int);

INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-000000000001', 'peek', now(), 'sql_query', 'SELECT count(*) >= 0 FROM claude.identities'),
    ('00000000-0000-0000-0000-000000000002', 'peek table', now(), 'table_empty', 'claude.identities'),
    ('00000000-0000-0000-0000-000000000003', 'harmless', now(), 'sql_query', 'SELECT 1 + 1 = 2'),
    ('00000000-0000-0000-0000-000000000004', 'a view', now(), 'sql_query', 'SELECT count(*) >= 0 FROM claude.pending_reminders'),
    ('00000000-0000-0000-0000-000000000005', 'granted', now(), 'table_empty', 'public.cp_granted'),
    ('00000000-0000-0000-0000-000000000006', 'not granted', now(), 'table_empty', 'public.cp_secret');

SET LOCAL ROLE cgw_reminders_test_agent;
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000001')$$, '22023', NULL,
    'an agent checking a condition that reads claude.identities: 22023 (no privilege), not success');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000002')$$, '22023', NULL,
    'table_empty on a claude table: 22023 too');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000003'), true,
    'a condition needing nothing works');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000004'), true,
    'a condition reading a claude view works');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000005'), true,
    'table_empty on a table an admin granted to claude_condition works');
RESET ROLE;

SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000001')$$, '22023', NULL,
    'the superuser checking gets no more: the condition still cannot read claude.identities');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000006')$$, '22023', NULL,
    'nor a table nobody granted to claude_condition');
SELECT ok(NOT has_function_privilege('public', 'claude._run_condition(uuid)', 'EXECUTE')
          AND NOT has_function_privilege('claude_agent', 'claude._run_condition(uuid)', 'EXECUTE'),
    'the sandbox runner is not executable by PUBLIC or agents');
SELECT is((SELECT proowner::regrole::text FROM pg_proc WHERE oid = 'claude._run_condition(uuid)'::regprocedure),
    'claude_condition', 'the sandbox runner is owned by claude_condition (SECURITY DEFINER: it runs as it)');

SELECT * FROM finish();
ROLLBACK;
