-- A reminder's sql_query condition runs with the privileges of whoever checks
-- it (check_reminder is SECURITY INVOKER), read-only and rolled back: never
-- with the function owner's rights, and never writing, even through a
-- SECURITY DEFINER API function.
BEGIN;
SELECT plan(11);

CREATE ROLE cgw_security_checker NOLOGIN;
CREATE ROLE cgw_security_boss NOLOGIN;
GRANT claude_agent TO cgw_security_checker;
GRANT claude_admin TO cgw_security_boss;

INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-00000000c001', 'who checks', now(), 'sql_query', 'SELECT current_user = ''cgw_security_checker'''),
    ('00000000-0000-0000-0000-00000000c002', 'peek', now(), 'sql_query', 'SELECT count(*) >= 0 FROM claude.identities'),
    ('00000000-0000-0000-0000-00000000c003', 'write through the API', now(), 'sql_query',
     'SELECT claude.log_activity(source_type => ''test'', source_id => gen_random_uuid(), actor => ''cond'', activity_type => ''planted'', title => ''planted'') IS NOT NULL'),
    ('00000000-0000-0000-0000-00000000c004', 'change a setting', now(), 'sql_query', 'SELECT set_config(''cgw_security.flag'', ''on'', false) = ''on''');

SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c001'), false, 'the owner checking: current_user is the owner');

SET LOCAL ROLE cgw_security_checker;
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c001'), true,
    'an agent checking: the condition runs as that agent (current_user), not as the function owner');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c002')$$, '22023', NULL,
    'an agent cannot read a table through a condition (42501 inside, reported as 22023)');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c003')$$, '22023', NULL,
    'a condition cannot write, even through a SECURITY DEFINER API function (read-only transaction)');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c004'), true, 'a condition may set a setting...');
SELECT is(current_setting('cgw_security.flag', true), '', '...which is rolled back with it');
RESET ROLE;

SET LOCAL ROLE cgw_security_boss;
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c001'), false,
    'an admin checking the same reminder runs it as the admin');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c002')$$, '22023', NULL,
    'an admin has no table privilege either: the condition fails for an admin too');
SELECT is((SELECT count(*)::integer FROM claude.process_due_reminders() WHERE reminder_id = '00000000-0000-0000-0000-00000000c002' AND outcome = 'error'), 1,
    'process_due_reminders runs conditions with the caller''s privileges too');
RESET ROLE;

SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c002'), true,
    'the owner can read the table: a condition runs with exactly the checker''s rights');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed WHERE activity_type = 'planted'), 0, 'no activity was planted');

SELECT * FROM finish();
ROLLBACK;
