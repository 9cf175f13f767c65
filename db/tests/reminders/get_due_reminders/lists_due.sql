-- get_due_reminders: pending and due only, oldest due first, project filter.
BEGIN;
SELECT plan(7);

SELECT tests.make_project('gd-a');
SELECT tests.make_project('gd-b');
INSERT INTO claude.reminders (title, check_after, project_name) VALUES
    ('due-a-old', now() - interval '3 days', 'gd-a'),
    ('due-a-new', now() - interval '1 day', 'gd-a'),
    ('due-b', now() - interval '2 days', 'gd-b'),
    ('due-global', now() - interval '4 days', NULL),
    ('future-a', now() + interval '1 day', 'gd-a'),
    ('due-now', now(), 'gd-a');
INSERT INTO claude.reminders (title, check_after, project_name, status, completed_at) VALUES
    ('done-a', now() - interval '5 days', 'gd-a', 'done', now()),
    ('dismissed-a', now() - interval '5 days', 'gd-a', 'dismissed', now());
INSERT INTO claude.reminders (title, check_after, project_name, status, reminder_count, max_reminders) VALUES
    ('expired-a', now() - interval '5 days', 'gd-a', 'expired', 3, 3);

SELECT results_eq(
    $$SELECT title::text FROM claude.get_due_reminders() WHERE title LIKE 'due-%'$$,
    ARRAY['due-global', 'due-a-old', 'due-b', 'due-a-new', 'due-now'],
    'every project: pending and due (check_after <= now()), oldest due first');
SELECT results_eq(
    $$SELECT title::text FROM claude.get_due_reminders(project_name => 'gd-a')$$,
    ARRAY['due-global', 'due-a-old', 'due-a-new', 'due-now'],
    'one project: its reminders plus reminders of no project');
SELECT is_empty($$SELECT 1 FROM claude.get_due_reminders() WHERE title IN ('future-a', 'done-a', 'dismissed-a', 'expired-a')$$,
    'not yet due and finished reminders are not returned');
SELECT throws_ok($$SELECT * FROM claude.get_due_reminders(project_name => 'gd-nope')$$, 'P0002', NULL, 'unknown project');
SELECT is((SELECT pg_get_function_result('claude.get_due_reminders(text)'::regprocedure)), 'SETOF claude.reminders', 'returns the table''s row type');

-- the view
SELECT results_eq(
    $$SELECT title::text, is_due FROM claude.pending_reminders WHERE project_name IN ('gd-a') ORDER BY check_after$$,
    $$VALUES ('due-a-old', true), ('due-a-new', true), ('due-now', true), ('future-a', false)$$,
    'pending_reminders: every pending reminder with whether it is due');
SELECT ok(has_table_privilege('claude_reader', 'claude.pending_reminders', 'SELECT'), 'readers may select pending_reminders');

SELECT * FROM finish();
ROLLBACK;
