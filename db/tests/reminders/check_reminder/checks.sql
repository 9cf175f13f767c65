-- check_reminder: true/false/NULL, exactly one boolean, errors as 22023, changes nothing.
BEGIN;
SELECT plan(19);

CREATE TABLE public.ck_items (x int);
-- Conditions run as claude_condition: an admin grants it what they read.
GRANT SELECT ON public.ck_items TO claude_condition;
INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-000000000001', 'yes', now() - interval '1 day', 'sql_query', 'SELECT true'),
    ('00000000-0000-0000-0000-000000000002', 'no', now() - interval '1 day', 'sql_query', 'SELECT count(*) > 0 FROM public.ck_items'),
    ('00000000-0000-0000-0000-000000000003', 'manual', now() - interval '1 day', 'manual', NULL),
    ('00000000-0000-0000-0000-000000000004', 'file', now() - interval '1 day', 'file_exists', '/tmp/x'),
    ('00000000-0000-0000-0000-000000000005', 'empty', now() - interval '1 day', 'table_empty', 'public.ck_items'),
    ('00000000-0000-0000-0000-000000000006', 'int', now(), 'sql_query', 'SELECT 1'),
    ('00000000-0000-0000-0000-000000000007', 'text', now(), 'sql_query', $$SELECT 'true'$$),
    ('00000000-0000-0000-0000-000000000008', 'two cols', now(), 'sql_query', 'SELECT true, true'),
    ('00000000-0000-0000-0000-000000000009', 'no row', now(), 'sql_query', 'SELECT true WHERE false'),
    ('00000000-0000-0000-0000-00000000000a', 'two rows', now(), 'sql_query', 'SELECT true FROM generate_series(1, 2)'),
    ('00000000-0000-0000-0000-00000000000b', 'null', now(), 'sql_query', 'SELECT NULL::boolean'),
    ('00000000-0000-0000-0000-00000000000c', 'error', now(), 'sql_query', 'SELECT 1 / 0 = 1'),
    ('00000000-0000-0000-0000-00000000000d', 'syntax', now(), 'sql_query', 'SELECT FROM WHERE'),
    ('00000000-0000-0000-0000-00000000000e', 'gone', now(), 'table_empty', 'public.ck_items'),
    ('00000000-0000-0000-0000-00000000000f', 'who', now(), 'sql_query', $$SELECT current_user = 'claude_condition'$$);

SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000001'), true, 'sql_query true = done');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000002'), false, 'sql_query false = not done');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000003'), NULL, 'manual: NULL, only the client can decide');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000004'), NULL, 'file_exists: NULL, checked on the client');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000005'), true, 'table_empty on an empty table: done');
INSERT INTO public.ck_items VALUES (1);
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000005'), false, 'table_empty on a table with rows: not done');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000002'), true, 'conditions see current data');

-- Each condition that is not one boolean decision: (reminder, why).
SELECT throws_ok(format($$SELECT claude.check_reminder(reminder_id => %L)$$, c.id), '22023', NULL, c.why)
  FROM (VALUES
    ('00000000-0000-0000-0000-000000000006', 'an integer is not a boolean'),
    ('00000000-0000-0000-0000-000000000007', 'the text ''true'' is not a boolean'),
    ('00000000-0000-0000-0000-000000000008', 'two columns'),
    ('00000000-0000-0000-0000-000000000009', 'no row'),
    ('00000000-0000-0000-0000-00000000000a', 'two rows'),
    ('00000000-0000-0000-0000-00000000000b', 'NULL is not a decision'),
    ('00000000-0000-0000-0000-00000000000c', 'a condition raising an error (division by zero)'),
    ('00000000-0000-0000-0000-00000000000d', 'a condition with a syntax error is 22023, never 42601')
  ) AS c(id, why);
ALTER TABLE public.ck_items RENAME TO ck_items_renamed;
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000000e')$$, '22023', NULL, 'table_empty whose table is gone');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'unknown reminder');

SELECT is_empty($$SELECT 1 FROM claude.reminders WHERE status <> 'pending' OR reminder_count <> 0 OR completed_at IS NOT NULL$$,
    'check_reminder changes no reminder');
SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-00000000000f'), true,
    'the condition runs as claude_condition, whoever checks (here: the superuser)');

SELECT * FROM finish();
ROLLBACK;
