-- A hostile sql_query condition leaves no trace: data-modifying SQL cannot
-- run, functions with side effects are rolled back (or refused: read-only).
BEGIN;
SELECT plan(12);

CREATE TABLE public.se_victims (x int);
INSERT INTO public.se_victims VALUES (1), (2);
GRANT SELECT ON public.se_victims TO claude_condition;
-- A function writing a regular table.
CREATE FUNCTION public.se_delete_victims() RETURNS boolean LANGUAGE plpgsql AS
    $$ BEGIN DELETE FROM public.se_victims; RETURN true; END $$;

INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-000000000001', 'setting', now(), 'sql_query', $$SELECT set_config('cgw_se.flag', 'on', false) = 'on'$$),
    ('00000000-0000-0000-0000-000000000002', 'delete fn', now(), 'sql_query', 'SELECT public.se_delete_victims()'),
    ('00000000-0000-0000-0000-000000000003', 'dismiss', now(), 'sql_query',
        $$SELECT claude.dismiss_reminder('00000000-0000-0000-0000-000000000009') IS NULL$$),
    ('00000000-0000-0000-0000-000000000009', 'victim reminder', now(), 'manual', NULL);
-- Stored directly (create_reminder refuses them): what check time does alone.
INSERT INTO claude.reminders (reminder_id, title, check_after, check_type, check_condition) VALUES
    ('00000000-0000-0000-0000-000000000004', 'delete returning', now(), 'sql_query', 'DELETE FROM public.se_victims RETURNING true'),
    ('00000000-0000-0000-0000-000000000005', 'cte delete', now(), 'sql_query', 'WITH d AS (DELETE FROM public.se_victims RETURNING 1) SELECT true'),
    ('00000000-0000-0000-0000-000000000006', 'two statements', now(), 'sql_query', 'SELECT true; DELETE FROM public.se_victims');

SELECT is(claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000001'), true, 'the condition ran and answered');
SELECT is(current_setting('cgw_se.flag', true), '', 'its setting was rolled back');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000002')$$, '22023', NULL, 'a function deleting rows: refused (read-only)');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000003')$$, '22023', NULL, 'a condition calling a writing API function: refused');
SELECT is((SELECT status::text FROM claude.reminders WHERE reminder_id = '00000000-0000-0000-0000-000000000009'), 'pending', 'the other reminder was not dismissed');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000004')$$, '22023', NULL, 'DELETE ... RETURNING cannot run');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000005')$$, '22023', NULL, 'a data-modifying CTE cannot run');
SELECT throws_ok($$SELECT claude.check_reminder(reminder_id => '00000000-0000-0000-0000-000000000006')$$, '22023', NULL, 'a second statement cannot run');
SELECT is((SELECT count(*)::int FROM public.se_victims), 2, 'no row was deleted');
SELECT is(current_setting('transaction_read_only'), 'off', 'the caller''s transaction is writable again afterwards');
SELECT is(current_setting('lock_timeout'), '0', 'the caller''s lock_timeout is back');
SELECT lives_ok($$INSERT INTO public.se_victims VALUES (3)$$, 'and the caller can still write');

SELECT * FROM finish();
ROLLBACK;
