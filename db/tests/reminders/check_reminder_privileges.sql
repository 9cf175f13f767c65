-- Conditions run with the caller's privileges, never the owner's: an agent
-- (no table privileges) cannot read a claude table through a reminder.
BEGIN;
SELECT plan(6);

CREATE ROLE cgw_reminders_test_agent NOLOGIN;
GRANT claude_agent TO cgw_reminders_test_agent;

INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-000000000001', 'peek', now(), 'sql_query', 'SELECT count(*) >= 0 FROM claude.identities'),
    ('00000000-0000-0000-0000-000000000002', 'peek table', now(), 'table_empty', 'claude.identities'),
    ('00000000-0000-0000-0000-000000000003', 'harmless', now(), 'sql_query', 'SELECT 1 + 1 = 2');

SET LOCAL ROLE cgw_reminders_test_agent;
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000001')$$, '22023', NULL,
    'an agent checking a condition that reads claude.identities: 22023 (no privilege), not success');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000002')$$, '22023', NULL,
    'table_empty reads with the agent''s privileges too');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000003'), true,
    'a condition the agent may run works');
SELECT throws_ok($$SELECT count(*) FROM claude.reminders$$, '42501', NULL, 'the agent really cannot read the table');
RESET ROLE;

SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000001'), true, 'the owner may run the same condition');
SELECT ok(NOT has_function_privilege('public', 'claude._reminder_condition(uuid)', 'EXECUTE'), 'the condition helper is not public');

SELECT * FROM finish();
ROLLBACK;
