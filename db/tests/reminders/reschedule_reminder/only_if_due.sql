-- reschedule_reminder(only_if_due => true): counts an attempt only while the
-- reminder is due, so two processors acting on one due list count it once.
BEGIN;
SELECT plan(7);

INSERT INTO claude.reminders (reminder_id, title, check_after, reschedule_days, max_reminders) VALUES
    ('00000000-0000-0000-0000-0000000000a1', 'due', now() - interval '1 day', 7, 3),
    ('00000000-0000-0000-0000-0000000000a2', 'later', now() + interval '1 day', 7, 3);

SELECT lives_ok($$SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-0000000000a1', only_if_due => true)$$,
    'a due reminder is rescheduled');
SELECT throws_ok($$SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-0000000000a1', only_if_due => true)$$,
    '55000', NULL, 'a second processor holding the same due list is refused');
SELECT results_eq($$SELECT status::text, reminder_count, check_after FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-0000000000a1'$$,
    $$VALUES ('pending', 1, now() + interval '7 days')$$, 'one attempt counted, not two');
SELECT throws_ok($$SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-0000000000a2', only_if_due => true)$$,
    '55000', NULL, 'a reminder not yet due is refused');
SELECT lives_ok($$SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-0000000000a2')$$,
    'without only_if_due it may be rescheduled any time');
SELECT throws_ok($$SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-0000000000a2', only_if_due => NULL)$$,
    '22023', NULL, 'only_if_due NULL');
SELECT is((SELECT reminder_count FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-0000000000a2'), 1,
    'the refused calls changed nothing');

SELECT * FROM finish();
ROLLBACK;
