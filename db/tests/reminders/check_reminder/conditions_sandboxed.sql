-- A reminder's sql_query condition runs as claude_condition whoever checks it
-- (the superuser, an admin, an agent), read-only and rolled back: never with
-- the checker's or the function owner's rights, never writing, even through a
-- SECURITY DEFINER API function, and unable to climb back to the session user.
BEGIN;
SELECT plan(12);

CREATE ROLE cgw_security_checker NOLOGIN;
CREATE ROLE cgw_security_boss NOLOGIN;
GRANT claude_agent TO cgw_security_checker;
GRANT claude_admin TO cgw_security_boss;

INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-00000000c001', 'who checks', now(), 'sql_query', 'SELECT current_user = ''claude_condition'''),
    ('00000000-0000-0000-0000-00000000c002', 'peek', now(), 'sql_query', 'SELECT count(*) >= 0 FROM claude.identities'),
    ('00000000-0000-0000-0000-00000000c003', 'write through the API', now(), 'sql_query',
     'SELECT claude.log_activity(source_type => ''test'', source_id => gen_random_uuid(), actor => ''cond'', activity_type => ''planted'', title => ''planted'') IS NOT NULL'),
    ('00000000-0000-0000-0000-00000000c004', 'change a setting', now(), 'sql_query', 'SELECT set_config(''cgw_security.flag'', ''on'', false) = ''on'''),
    ('00000000-0000-0000-0000-00000000c005', 'become the session user', now(), 'sql_query',
     'SELECT set_config(''session_authorization'', session_user, true) IS NOT NULL'),
    ('00000000-0000-0000-0000-00000000c006', 'set role', now(), 'sql_query', 'SELECT set_config(''role'', ''cgw_security_boss'', true) IS NOT NULL');

SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c001'), true, 'the superuser checking: the condition runs as claude_condition');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c002')$$, '22023', NULL,
    'the superuser checking: the condition still cannot read a table');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c005')$$, '22023', NULL,
    'a condition cannot SET SESSION AUTHORIZATION back to a superuser checker');

SET LOCAL ROLE cgw_security_checker;
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c001'), true,
    'an agent checking: the condition runs as claude_condition too');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c003')$$, '22023', NULL,
    'a condition cannot write, even through a SECURITY DEFINER API function');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c004'), true, 'a condition may set a setting...');
SELECT is(current_setting('cgw_security.flag', true), '', '...which is rolled back with it');
RESET ROLE;

SET LOCAL ROLE cgw_security_boss;
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c001'), true,
    'an admin checking: claude_condition again');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000c006')$$, '22023', NULL,
    'a condition cannot SET ROLE to its checker''s role');
SELECT is((SELECT count(*)::integer FROM claude.process_due_reminders() WHERE reminder_id = '00000000-0000-0000-0000-00000000c002' AND outcome = 'error'), 1,
    'process_due_reminders runs conditions as claude_condition too');
RESET ROLE;

SELECT is((SELECT count(*)::integer FROM claude.activity_feed WHERE activity_type = 'planted'), 0, 'no activity was planted');
SELECT is((SELECT last_check_error FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-00000000c002'),
    'it needs a privilege that claude_condition does not have (SQLSTATE 42501)', 'the failure is recorded without the condition''s own error text');

SELECT * FROM finish();
ROLLBACK;
