-- get_recent_activity: newest first, filters, limit, errors.
BEGIN;
SELECT plan(13);

INSERT INTO claude.activity_feed (source_type, actor, activity_type, title, project_name, severity, created_at) VALUES
    ('test',    'ci',  'test_passed',   'gra-1', 'gra-p', 'success', now() - interval '3 hours'),
    ('test',    'ci',  'test_failed',   'gra-2', 'gra-p', 'error',   now() - interval '2 hours'),
    ('alert',   'mon', 'alert_raised',  'gra-3', 'gra-p', 'warning', now() - interval '1 hour'),
    ('commit',  'dev', 'commit_pushed', 'gra-4', 'gra-q', 'info',    now() - interval '30 minutes');

SELECT results_eq($$SELECT title::text FROM claude.get_recent_activity(project_name => 'gra-p')$$,
                  ARRAY['gra-3', 'gra-2', 'gra-1'], 'filter by project, newest first');
SELECT results_eq($$SELECT title::text FROM claude.get_recent_activity(project_name => 'gra-p', "limit" => 2)$$,
                  ARRAY['gra-3', 'gra-2'], 'limit');
SELECT results_eq($$SELECT title::text FROM claude.get_recent_activity(severity => 'error') WHERE title LIKE 'gra-%'$$,
                  ARRAY['gra-2'], 'filter by severity');
SELECT results_eq($$SELECT title::text FROM claude.get_recent_activity(source_type => 'commit') WHERE title LIKE 'gra-%'$$,
                  ARRAY['gra-4'], 'filter by source_type');
SELECT results_eq($$SELECT title::text FROM claude.get_recent_activity(project_name => 'gra-p', severity => 'warning', source_type => 'alert')$$,
                  ARRAY['gra-3'], 'filters combine');
SELECT results_eq($$SELECT title::text FROM claude.get_recent_activity("limit" => 1000) WHERE title LIKE 'gra-%'$$,
                  ARRAY['gra-4', 'gra-3', 'gra-2', 'gra-1'], 'no filter: every project');
SELECT is((SELECT count(*)::int FROM claude.get_recent_activity(project_name => 'gra-none')), 0, 'an unknown project has no activity (not an error)');
SELECT is((SELECT count(*)::int FROM claude.get_recent_activity(project_name => 'gra-p', "limit" => NULL)), 3, 'NULL limit means the default');

SELECT throws_ok($$SELECT * FROM claude.get_recent_activity(severity => 'fatal')$$, '22023', NULL, 'unknown severity is 22023');
SELECT throws_ok($$SELECT * FROM claude.get_recent_activity(source_type => 'identity')$$, '22023', NULL, 'unknown source_type is 22023');
SELECT throws_ok($$SELECT * FROM claude.get_recent_activity("limit" => 0)$$, '22023', NULL, 'limit 0 is 22023');
SELECT throws_ok($$SELECT * FROM claude.get_recent_activity("limit" => -5)$$, '22023', NULL, 'negative limit is 22023');
SELECT throws_ok($$SELECT * FROM claude.get_recent_activity("limit" => 1001)$$, '22023', NULL, 'limit over 1000 is 22023');

SELECT * FROM finish();
ROLLBACK;
