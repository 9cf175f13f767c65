-- get_activity_by_source: the history of one source row, oldest first.
BEGIN;
SELECT plan(5);

SELECT gen_random_uuid() AS job \gset
INSERT INTO claude.activity_feed (source_type, source_id, activity_type, title, created_at) VALUES
    ('job', :'job', 'job_failed',    'second', now() - interval '1 hour'),
    ('job', :'job', 'job_completed', 'third',  now() - interval '1 minute'),
    ('job', :'job', 'job_completed', 'first',  now() - interval '2 hours'),
    ('alert', :'job', 'alert_raised', 'other type', now()),
    ('job', gen_random_uuid(), 'job_completed', 'other job', now());

SELECT results_eq(format($$SELECT title::text FROM claude.get_activity_by_source(source_type => 'job', source_id => %L)$$, :'job'),
                  ARRAY['first', 'second', 'third'], 'only that source''s rows, oldest first');
SELECT is((SELECT count(*)::int FROM claude.get_activity_by_source(source_type => 'message', source_id => gen_random_uuid())), 0,
          'a source without activity gives an empty list');
SELECT throws_ok($$SELECT * FROM claude.get_activity_by_source(source_type => 'jobs', source_id => gen_random_uuid())$$, '22023', NULL,
                 'unknown source_type is 22023');
SELECT throws_ok($$SELECT * FROM claude.get_activity_by_source(source_type => NULL, source_id => gen_random_uuid())$$, '22023', NULL,
                 'NULL source_type is 22023');
SELECT throws_ok($$SELECT * FROM claude.get_activity_by_source(source_type => 'job', source_id => NULL)$$, '22023', NULL,
                 'NULL source_id is 22023');

SELECT * FROM finish();
ROLLBACK;
