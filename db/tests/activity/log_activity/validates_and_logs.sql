-- log_activity: happy path, defaults, every error.
BEGIN;
SELECT plan(16);

SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'ci', activity_type => 'test_failed',
                           title => '3 tests failed', summary => 'see log', project_name => 'la-project', severity => 'error') AS id \gset
SELECT results_eq(
    format($$SELECT source_type::text, source_id, actor::text, activity_type::text, title::text, summary, project_name::text, severity::text
               FROM claude.activity_feed WHERE id = %L$$, :'id'),
    $$VALUES ('test', NULL::uuid, 'ci', 'test_failed', '3 tests failed', 'see log', 'la-project', 'error')$$,
    'log_activity stores every argument and returns the id');
SELECT claude.log_activity(source_type => 'commit', source_id => gen_random_uuid(), actor => 'dev', activity_type => 'commit_pushed', title => 'abc123') AS id2 \gset
SELECT results_eq(format($$SELECT severity::text, summary, project_name::text FROM claude.activity_feed WHERE id = %L$$, :'id2'),
                  $$VALUES ('info', NULL::text, NULL::text)$$, 'severity defaults to info, summary and project to NULL');
SELECT claude.log_activity(source_type => 'alert', source_id => NULL, actor => NULL, activity_type => 'alert_raised', title => 't', severity => NULL) AS id3 \gset
SELECT is((SELECT severity::text FROM claude.activity_feed WHERE id = :'id3'), 'info', 'NULL severity means info');

SELECT throws_ok($$SELECT claude.log_activity(source_type => 'identity', source_id => NULL, actor => 'a', activity_type => 'x', title => 't')$$,
                 '22023', NULL, 'unknown source_type is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => NULL, source_id => NULL, actor => 'a', activity_type => 'x', title => 't')$$,
                 '22023', NULL, 'NULL source_type is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'Session', source_id => NULL, actor => 'a', activity_type => 'x', title => 't')$$,
                 '22023', NULL, 'source_type is case-sensitive');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => 'x', title => 't', severity => 'critical')$$,
                 '22023', NULL, 'unknown severity is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => ' ', title => 't')$$,
                 '22023', NULL, 'blank activity_type is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => NULL, title => 't')$$,
                 '22023', NULL, 'NULL activity_type is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => 'x', title => '')$$,
                 '22023', NULL, 'empty title is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => 'x', title => NULL)$$,
                 '22023', NULL, 'NULL title is 22023');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => 'x', title => repeat('t', 501))$$,
                 '22001', NULL, 'a title over 500 characters is 22001');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => repeat('a', 101), activity_type => 'x', title => 't')$$,
                 '22001', NULL, 'an actor over 100 characters is 22001');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => repeat('x', 101), title => 't')$$,
                 '22001', NULL, 'an activity_type over 100 characters is 22001');
SELECT throws_ok($$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'a', activity_type => 'x', title => 't', project_name => repeat('p', 201))$$,
                 '22001', NULL, 'a project_name over 200 characters is 22001');
SELECT ok(has_function_privilege('claude_agent', 'claude.log_activity(text,uuid,text,text,text,text,text,text)', 'EXECUTE'), 'agents may log activity');

SELECT * FROM finish();
ROLLBACK;
