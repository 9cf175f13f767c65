-- session_startup's bundle: at most 5 trimmed due jobs; at most 10 activity entries, errors and warnings first.
BEGIN;
SELECT plan(10);

SELECT tests.make_identity('sul-a') AS a \gset
SELECT tests.make_project('sul-p');
SELECT tests.make_project('sul-other');
SELECT tests.make_job(job_name => 'sul-job-' || i, project_name => 'sul-p', priority => i, command => 'echo ' || i)
  FROM generate_series(1, 7) i;
SELECT tests.make_job(job_name => 'sul-on-demand', project_name => 'sul-p', trigger_type => 'on_demand', priority => 1);
SELECT tests.make_job(job_name => 'sul-other-job', project_name => 'sul-other', priority => 1);

-- activity: 12 info entries, a fresh warning and error among older ones, an old error, another project's error
INSERT INTO claude.activity_feed (source_type, actor, activity_type, title, project_name, severity, created_at)
SELECT 'test', 'sul', 'test_passed', 'sul info ' || i, 'sul-p', 'info', now() - interval '1 hour' + i * interval '1 minute'
  FROM generate_series(1, 12) i;
INSERT INTO claude.activity_feed (source_type, actor, activity_type, title, project_name, severity, created_at) VALUES
    ('test', 'sul', 'test_failed', 'sul error 2h', 'sul-p', 'error', now() - interval '2 hours'),
    ('alert', 'sul', 'alert_raised', 'sul warning 3h', 'sul-p', 'warning', now() - interval '3 hours'),
    ('test', 'sul', 'test_failed', 'sul error 1d', 'sul-p', 'error', now() - interval '1 day'),
    ('test', 'sul', 'test_failed', 'sul error 8d', 'sul-p', 'error', now() - interval '8 days'),
    ('test', 'sul', 'test_failed', 'sul other error', 'sul-other', 'error', now());

SELECT claude.session_startup(identity_id => :'a', project_name => 'sul-p') AS bundle \gset

SELECT is(jsonb_array_length(:'bundle'::jsonb -> 'due_jobs'), 5, 'due_jobs holds at most 5 jobs');
SELECT is(
    (SELECT array_agg(e ->> 'job_name' ORDER BY o) FROM jsonb_array_elements(:'bundle'::jsonb -> 'due_jobs') WITH ORDINALITY x(e, o)),
    ARRAY['sul-job-1', 'sul-job-2', 'sul-job-3', 'sul-job-4', 'sul-job-5'],
    'the project''s due jobs by priority; not on_demand jobs or other projects''');
SELECT is(
    (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(:'bundle'::jsonb #> '{due_jobs,0}') k),
    ARRAY['command', 'job_id', 'job_name', 'job_type', 'last_run', 'last_status', 'priority', 'timeout_seconds',
          'trigger_type', 'working_directory'],
    'each job is trimmed to what an agent (and the runner) needs');
SELECT is(:'bundle'::jsonb #>> '{due_jobs,0,command}', 'echo 1', 'the command is kept');

SELECT is(jsonb_array_length(:'bundle'::jsonb -> 'recent_activity'), 10, 'recent_activity holds at most 10 entries');
SELECT is(
    (SELECT array_agg(e ->> 'title' ORDER BY o) FROM jsonb_array_elements(:'bundle'::jsonb -> 'recent_activity') WITH ORDINALITY x(e, o)
      WHERE o <= 4),
    ARRAY['sul error 2h', 'sul error 1d', 'sul warning 3h', 'sul-a started a session on sul-p'],
    'errors of the last 7 days first (newest first), then warnings, then the newest of the rest');
SELECT is(:'bundle'::jsonb #>> '{recent_activity,4,title}', 'sul info 12', 'then info entries, newest first');
SELECT ok(NOT (:'bundle'::jsonb -> 'recent_activity') @> '[{"title": "sul error 8d"}]', 'an error older than 7 days is not pushed forward');
SELECT ok(NOT (:'bundle'::jsonb -> 'recent_activity') @> '[{"project_name": "sul-other"}]', 'another project''s activity is not listed');
SELECT ok(NOT (:'bundle'::jsonb #> '{recent_activity,0}') ? 'rank', 'entries are activity_feed rows, without helper columns');

SELECT * FROM finish();
ROLLBACK;
