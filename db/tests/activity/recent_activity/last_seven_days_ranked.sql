-- claude.recent_activity: the last 7 days, newest first, problems flagged.
BEGIN;
SELECT plan(2);

INSERT INTO claude.activity_feed (source_type, activity_type, title, project_name, severity, created_at) VALUES
    ('test',  'test_failed',  'rav-error', 'rav-p', 'error',   now() - interval '1 day'),
    ('alert', 'alert_raised', 'rav-warn',  'rav-p', 'warning', now() - interval '2 days'),
    ('test',  'test_passed',  'rav-ok',    'rav-p', 'success', now() - interval '3 days'),
    ('test',  'test_passed',  'rav-old',   'rav-p', 'info',    now() - interval '8 days');

SELECT results_eq(
    $$SELECT title::text, severity_rank, needs_attention FROM claude.recent_activity WHERE project_name = 'rav-p'$$,
    $$VALUES ('rav-error', 1, true), ('rav-warn', 2, true), ('rav-ok', 3, false)$$,
    'recent_activity: last 7 days, newest first, with severity rank and needs_attention');
SELECT is((SELECT count(*)::int FROM claude.recent_activity WHERE project_name = 'rav-p' AND severity = 'info'), 0, 'older entries are left out');

SELECT * FROM finish();
ROLLBACK;
