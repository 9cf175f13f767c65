-- process_due_reminders: acts on every due reminder, one row per reminder.
BEGIN;
SELECT plan(10);

SELECT tests.make_project('pd-a');
SELECT tests.make_project('pd-b');
CREATE TABLE public.pd_empty (x int);
GRANT SELECT ON public.pd_empty TO claude_condition;
INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition, max_reminders, reminder_count, project_name) VALUES
    ('00000000-0000-0000-0000-000000000001', 'true', now() - interval '6 days', 'sql_query', 'SELECT true', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000002', 'false', now() - interval '5 days', 'sql_query', 'SELECT false', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000003', 'false last', now() - interval '4 days', 'sql_query', 'SELECT false', 3, 2, 'pd-a'),
    ('00000000-0000-0000-0000-000000000004', 'manual', now() - interval '3 days', 'manual', NULL, 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000005', 'file', now() - interval '2 days', 'file_exists', '/tmp/flag', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000006', 'broken', now() - interval '1 day', 'sql_query', 'SELECT 1/0 = 1', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000007', 'empty table', now() - interval '1 hour', 'table_empty', 'public.pd_empty', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000008', 'not due', now() + interval '1 day', 'sql_query', 'SELECT true', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000009', 'other project', now() - interval '1 day', 'sql_query', 'SELECT true', 3, 0, 'pd-b'),
    ('00000000-0000-0000-0000-00000000000a', 'who', now() - interval '1 day', 'sql_query', $$SELECT current_user = 'claude_condition'$$, 3, 0, 'pd-b');

CREATE TEMP TABLE pd_first AS SELECT * FROM claude.process_due_reminders(project_name => 'pd-a');
SELECT results_eq(
    $$SELECT reminder_id, outcome, reminder_count, error IS NULL FROM pd_first$$,
    $$VALUES ('00000000-0000-0000-0000-000000000001'::uuid, 'done', 0, true),
             ('00000000-0000-0000-0000-000000000002'::uuid, 'rescheduled', 1, true),
             ('00000000-0000-0000-0000-000000000003'::uuid, 'expired', 3, true),
             ('00000000-0000-0000-0000-000000000004'::uuid, 'needs_client', 0, true),
             ('00000000-0000-0000-0000-000000000005'::uuid, 'needs_client', 0, true),
             ('00000000-0000-0000-0000-000000000006'::uuid, 'error', 1, false),
             ('00000000-0000-0000-0000-000000000007'::uuid, 'done', 0, true)$$,
    'one row per due reminder of the project, in due order, with its outcome');
SELECT results_eq(
    $$SELECT reminder_id, status::text, reminder_count FROM claude.reminders WHERE project_name = 'pd-a' ORDER BY check_after, reminder_id$$,
    $$VALUES ('00000000-0000-0000-0000-000000000001'::uuid, 'done', 0),
             ('00000000-0000-0000-0000-000000000003'::uuid, 'expired', 3),
             ('00000000-0000-0000-0000-000000000004'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000005'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000007'::uuid, 'done', 0),
             ('00000000-0000-0000-0000-000000000008'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000002'::uuid, 'pending', 1),
             ('00000000-0000-0000-0000-000000000006'::uuid, 'pending', 1)$$,
    'done completed, not done rescheduled or expired, a failing condition charged one attempt, undecidable left, not due untouched');
SELECT is((SELECT check_after FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000002'), now() + interval '7 days', 'rescheduled by reschedule_days');
SELECT alike((SELECT error FROM pd_first WHERE outcome = 'error'),
    '%00000000-0000-0000-0000-000000000006%(SQLSTATE 22012)', 'the error names the reminder and the SQLSTATE');
SELECT results_eq($$SELECT last_check_error, last_checked_at = now() FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000006'$$,
    $$VALUES ('it failed (SQLSTATE 22012)'::varchar, true)$$, 'the failure is recorded on the reminder, for people to see');
SELECT is((SELECT status::text FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000009'), 'pending', 'another project''s reminder is untouched');
SELECT results_eq($$SELECT reminder_id, outcome FROM claude.process_due_reminders() WHERE reminder_project_name = 'pd-b' ORDER BY 1$$,
    $$VALUES ('00000000-0000-0000-0000-000000000009'::uuid, 'done'), ('00000000-0000-0000-0000-00000000000a'::uuid, 'done')$$,
    'with no project: every project; the condition ran as claude_condition');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_type = 'alert' AND source_id IN
           ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000007')), 3,
    'completed and expired reminders are in the activity feed');
SELECT throws_ok($$SELECT * FROM claude.process_due_reminders(project_name => 'pd-nope')$$, 'P0002', NULL, 'unknown project');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = '00000000-0000-0000-0000-000000000006'), 0,
    'a failing check logs nothing by itself (no feed spam from a broken condition)');

SELECT * FROM finish();
ROLLBACK;
