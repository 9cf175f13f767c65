-- complete / reschedule / dismiss, and terminal states that never change.
BEGIN;
SELECT plan(28);

INSERT INTO claude.reminders (reminder_id, title, check_after, reschedule_days, max_reminders) VALUES
    ('00000000-0000-0000-0000-000000000001', 'to complete', now() - interval '1 day', 7, 3),
    ('00000000-0000-0000-0000-000000000002', 'to dismiss', now() - interval '1 day', 7, 3),
    ('00000000-0000-0000-0000-000000000003', 'to reschedule', now() - interval '1 day', 5, 2);

SELECT lives_ok($$SELECT claude.complete_reminder(reminder_id => '00000000-0000-0000-0000-000000000001')$$, 'complete');
SELECT results_eq($$SELECT status::text, completed_at FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000001'$$,
    $$VALUES ('done', now())$$, 'done, completed_at = now()');
SELECT lives_ok($$SELECT claude.dismiss_reminder(reminder_id => '00000000-0000-0000-0000-000000000002')$$, 'dismiss');
SELECT results_eq($$SELECT status::text, completed_at FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000002'$$,
    $$VALUES ('dismissed', now())$$, 'dismissed, completed_at = now()');

SELECT is(claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-000000000003'), 'rescheduled', 'reschedule: its outcome');
SELECT results_eq($$SELECT status::text, reminder_count, check_after, completed_at FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000003'$$,
    $$VALUES ('pending', 1, now() + interval '5 days', NULL::timestamptz)$$, 'count + 1, check_after = now() + reschedule_days');
UPDATE claude.reminders SET check_after = now() - interval '1 hour' WHERE reminder_id = '00000000-0000-0000-0000-000000000003';
SELECT is(claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-000000000003'), 'expired', 'reschedule at the last attempt: expired');
SELECT results_eq($$SELECT status::text, reminder_count, check_after, completed_at FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000003'$$,
    $$VALUES ('expired', 2, now() - interval '1 hour', NULL::timestamptz)$$, 'expired when the count reaches max_reminders (check_after unchanged, not completed)');

-- terminal states are final through the API ...
SELECT throws_ok(format($$SELECT claude.%I(reminder_id => %L)$$, c.fn, c.id), '55000', NULL, c.why)
  FROM (VALUES
    ('complete_reminder', '00000000-0000-0000-0000-000000000001', 'done -> done'),
    ('reschedule_reminder', '00000000-0000-0000-0000-000000000001', 'done -> reschedule'),
    ('dismiss_reminder', '00000000-0000-0000-0000-000000000001', 'done -> dismissed'),
    ('complete_reminder', '00000000-0000-0000-0000-000000000002', 'dismissed -> done'),
    ('reschedule_reminder', '00000000-0000-0000-0000-000000000002', 'dismissed -> reschedule'),
    ('complete_reminder', '00000000-0000-0000-0000-000000000003', 'expired -> done'),
    ('dismiss_reminder', '00000000-0000-0000-0000-000000000003', 'expired -> dismissed'),
    ('reschedule_reminder', '00000000-0000-0000-0000-000000000003', 'expired -> reschedule')
  ) AS c(fn, id, why);

-- ... and through direct writes (the trigger)
SELECT throws_ok($$UPDATE claude.reminders SET status = 'pending', completed_at = NULL WHERE reminder_id = '00000000-0000-0000-0000-000000000001'$$, '55000', NULL, 'direct: done -> pending');
SELECT throws_ok($$UPDATE claude.reminders SET status = 'done' WHERE reminder_id = '00000000-0000-0000-0000-000000000002'$$, '55000', NULL, 'direct: dismissed -> done');
SELECT throws_ok($$UPDATE claude.reminders SET status = 'pending' WHERE reminder_id = '00000000-0000-0000-0000-000000000003'$$, '55000', NULL, 'direct: expired -> pending');
SELECT throws_ok($$UPDATE claude.reminders SET check_type = 'sql_query', check_condition = 'SELECT true' WHERE reminder_id = '00000000-0000-0000-0000-000000000001'$$, '55000', NULL, 'direct: a finished reminder''s check cannot change');
SELECT lives_ok($$UPDATE claude.reminders SET check_after = now() - interval '9 days' WHERE reminder_id = '00000000-0000-0000-0000-000000000001'$$, 'time columns stay writable by the owner');
INSERT INTO claude.reminders (reminder_id, title, check_after, max_reminders, reminder_count) VALUES
    ('00000000-0000-0000-0000-000000000004', 'count', now(), 3, 2);
SELECT throws_ok($$UPDATE claude.reminders SET reminder_count = 1 WHERE reminder_id = '00000000-0000-0000-0000-000000000004'$$, '55000', NULL, 'direct: the count never goes back');
SELECT throws_ok($$UPDATE claude.reminders SET status = 'done' WHERE reminder_id = '00000000-0000-0000-0000-000000000004'$$, '23514', NULL, 'direct: done without completed_at breaks a CHECK');
SELECT throws_ok($$UPDATE claude.reminders SET status = 'expired' WHERE reminder_id = '00000000-0000-0000-0000-000000000004'$$, '23514', NULL, 'direct: expired before max_reminders breaks a CHECK');

-- unknown ids
SELECT throws_ok($$SELECT claude.complete_reminder(reminder_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'complete: unknown id');
SELECT throws_ok($$SELECT claude.reschedule_reminder(reminder_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'reschedule: unknown id');
SELECT throws_ok($$SELECT claude.dismiss_reminder(reminder_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'dismiss: unknown id');

-- max_reminders 1: the first reschedule expires it
INSERT INTO claude.reminders (reminder_id, title, check_after, max_reminders) VALUES
    ('00000000-0000-0000-0000-000000000005', 'once', now(), 1);
SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-000000000005');
SELECT is((SELECT status::text FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000005'), 'expired', 'max_reminders 1: one reschedule expires it');

SELECT * FROM finish();
ROLLBACK;
