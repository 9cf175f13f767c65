-- Completed and expired reminders are logged (source_type alert); nothing else is.
BEGIN;
SELECT plan(4);

SELECT tests.make_project('act-p');
INSERT INTO claude.reminders (reminder_id, title, check_after, max_reminders, project_name, created_by) VALUES
    ('00000000-0000-0000-0000-000000000001', 'to complete', now(), 3, 'act-p', 'me'),
    ('00000000-0000-0000-0000-000000000002', 'to expire', now(), 1, 'act-p', 'me'),
    ('00000000-0000-0000-0000-000000000003', 'to dismiss', now(), 3, 'act-p', 'me'),
    ('00000000-0000-0000-0000-000000000004', 'to reschedule', now(), 3, 'act-p', 'me');
SELECT claude.complete_reminder(reminder_id => '00000000-0000-0000-0000-000000000001');
SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-000000000002');
SELECT claude.dismiss_reminder(reminder_id => '00000000-0000-0000-0000-000000000003');
SELECT claude.reschedule_reminder(reminder_id => '00000000-0000-0000-0000-000000000004');

SELECT results_eq(
    $$SELECT source_type::text, source_id, activity_type::text, severity::text, project_name::text, actor::text
        FROM claude.activity_feed WHERE project_name = 'act-p' ORDER BY activity_type$$,
    $$VALUES ('alert', '00000000-0000-0000-0000-000000000001'::uuid, 'reminder_completed', 'success', 'act-p', 'me'),
             ('alert', '00000000-0000-0000-0000-000000000002'::uuid, 'reminder_expired', 'warning', 'act-p', 'me')$$,
    'one row for the completed and one for the expired reminder');
SELECT is_empty($$SELECT 1 FROM claude.activity_feed WHERE source_id IN ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000004')$$,
    'dismissing and rescheduling log nothing');
SELECT lives_ok($$UPDATE claude.reminders SET status = 'done', completed_at = now() WHERE reminder_id = '00000000-0000-0000-0000-000000000004'$$, 'a direct completion');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = '00000000-0000-0000-0000-000000000004' AND activity_type = 'reminder_completed'), 1,
    'is logged too (the trigger, not the function, logs)');

SELECT * FROM finish();
ROLLBACK;
