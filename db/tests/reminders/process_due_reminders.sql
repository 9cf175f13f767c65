-- process_due_reminders: acts on every due reminder, one row per reminder.
BEGIN;
SELECT plan(9);

SELECT tests.make_project('pd-a');
SELECT tests.make_project('pd-b');
CREATE TABLE public.pd_empty (x int);
INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition, max_reminders, reminder_count, project_name) VALUES
    ('00000000-0000-0000-0000-000000000001', 'true', now() - interval '6 days', 'sql_query', 'SELECT true', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000002', 'false', now() - interval '5 days', 'sql_query', 'SELECT false', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000003', 'false last', now() - interval '4 days', 'sql_query', 'SELECT false', 3, 2, 'pd-a'),
    ('00000000-0000-0000-0000-000000000004', 'manual', now() - interval '3 days', 'manual', NULL, 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000005', 'file', now() - interval '2 days', 'file_exists', '/tmp/flag', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000006', 'broken', now() - interval '1 day', 'sql_query', 'SELECT 1/0 = 1', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000007', 'empty table', now() - interval '1 hour', 'table_empty', 'public.pd_empty', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000008', 'not due', now() + interval '1 day', 'sql_query', 'SELECT true', 3, 0, 'pd-a'),
    ('00000000-0000-0000-0000-000000000009', 'other project', now() - interval '1 day', 'sql_query', 'SELECT true', 3, 0, 'pd-b');

SELECT results_eq(
    $$SELECT reminder_id, outcome, reminder_count, error IS NULL FROM claude.process_due_reminders(project_name => 'pd-a')$$,
    $$VALUES ('00000000-0000-0000-0000-000000000001'::uuid, 'done', 0, true),
             ('00000000-0000-0000-0000-000000000002'::uuid, 'rescheduled', 1, true),
             ('00000000-0000-0000-0000-000000000003'::uuid, 'expired', 3, true),
             ('00000000-0000-0000-0000-000000000004'::uuid, 'needs_client', 0, true),
             ('00000000-0000-0000-0000-000000000005'::uuid, 'needs_client', 0, true),
             ('00000000-0000-0000-0000-000000000006'::uuid, 'error', 0, false),
             ('00000000-0000-0000-0000-000000000007'::uuid, 'done', 0, true)$$,
    'one row per due reminder of the project, in due order, with its outcome');
SELECT results_eq(
    $$SELECT reminder_id, status::text, reminder_count FROM claude.reminders WHERE project_name = 'pd-a' ORDER BY check_after$$,
    $$VALUES ('00000000-0000-0000-0000-000000000001'::uuid, 'done', 0),
             ('00000000-0000-0000-0000-000000000003'::uuid, 'expired', 3),
             ('00000000-0000-0000-0000-000000000004'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000005'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000006'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000007'::uuid, 'done', 0),
             ('00000000-0000-0000-0000-000000000008'::uuid, 'pending', 0),
             ('00000000-0000-0000-0000-000000000002'::uuid, 'pending', 1)$$,
    'done completed, not done rescheduled or expired, undecidable and failing left as they were, not due untouched');
SELECT is((SELECT check_after FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000002'), now() + interval '7 days', 'rescheduled by reschedule_days');
SELECT alike((SELECT error FROM claude.process_due_reminders(project_name => 'pd-a') WHERE outcome = 'error'),
    '%00000000-0000-0000-0000-000000000006%', 'the error names the reminder');
SELECT is((SELECT status::text FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000009'), 'pending', 'another project''s reminder is untouched');
SELECT is((SELECT count(*)::int FROM claude.process_due_reminders() WHERE reminder_id = '00000000-0000-0000-0000-000000000009' AND outcome = 'done'), 1,
    'with no project: every project');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_type = 'alert' AND source_id IN
           ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000007')), 3,
    'completed and expired reminders are in the activity feed');
SELECT throws_ok($$SELECT * FROM claude.process_due_reminders(project_name => 'pd-nope')$$, 'P0002', NULL, 'unknown project');
SELECT is((SELECT p.prosecdef FROM pg_proc p WHERE p.oid = 'claude.process_due_reminders(text)'::regprocedure), false,
    'process_due_reminders is SECURITY INVOKER (conditions run as the caller)');

SELECT * FROM finish();
ROLLBACK;
