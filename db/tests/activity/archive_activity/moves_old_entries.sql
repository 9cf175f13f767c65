-- archive_activity: the retention function, the only way rows leave the feed.
BEGIN;
SELECT plan(11);

INSERT INTO claude.activity_feed (source_type, activity_type, title, project_name, severity, created_at) VALUES
    ('test',  'test_failed',  'ret-old-1',  'ret-p', 'error', now() - interval '200 days'),
    ('alert', 'alert_raised', 'ret-old-2',  'ret-p', 'info',  now() - interval '91 days'),
    ('test',  'test_passed',  'ret-recent', 'ret-p', 'info',  now() - interval '89 days');
CREATE TEMP TABLE ret_before ON COMMIT DROP AS
    SELECT id, source_type, source_id, actor, activity_type, title, summary, project_name, severity, created_at
      FROM claude.activity_feed WHERE title LIKE 'ret-old-%';

SELECT is(claude.archive_activity(), 2,
          'with the default of 90 days, the two old rows move (count returned)');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE created_at < now() - interval '90 days'), 0, 'nothing older than 90 days is left');
SELECT results_eq($$SELECT title::text FROM claude.activity_feed WHERE project_name = 'ret-p'$$, ARRAY['ret-recent'], 'the recent row stays');
SELECT set_eq(
    $$SELECT id, source_type, source_id, actor, activity_type, title, summary, project_name, severity, created_at
        FROM claude.activity_feed_archive WHERE title LIKE 'ret-old-%'$$,
    $$SELECT * FROM ret_before$$,
    'the old rows are in the archive, unchanged');
SELECT is((SELECT min(archived_at) FROM claude.activity_feed_archive WHERE title LIKE 'ret-old-%'), now(), 'archived_at is set');

SELECT is(claude.archive_activity(older_than => interval '30 days'), 1, 'a shorter age moves the 89-day row');
INSERT INTO claude.activity_feed (source_type, activity_type, title, project_name) VALUES ('test', 'test_passed', 'ret-new', 'ret-p');
SELECT throws_ok($$DELETE FROM claude.activity_feed WHERE project_name = 'ret-p'$$, '55000', NULL,
                 'after retention, DELETE is refused again (the permission does not leak)');
SELECT throws_ok($$SELECT claude.archive_activity(older_than => NULL)$$, '22023', NULL, 'NULL older_than is 22023');
SELECT throws_ok($$SELECT claude.archive_activity(older_than => interval '-1 day')$$, '22023', NULL, 'negative older_than is 22023');

SELECT ok(NOT has_function_privilege('claude_agent', 'claude.archive_activity(interval)', 'EXECUTE'), 'agents may not run retention');
SET LOCAL ROLE claude_admin;
SELECT lives_ok($$SELECT claude.archive_activity()$$, 'claude_admin may run retention');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
