-- update_job_result: closes the run, counts, next_run, retries with backoff,
-- activity job_completed / job_failed; errors.
BEGIN;
SELECT plan(25);

SELECT tests.make_project('ujr-project');
SELECT tests.make_job(job_name => 'u-ok', project_name => 'ujr-project') AS ok_id \gset
SELECT claude.claim_job(job_id => :'ok_id') IS NOT NULL;
SELECT lives_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'u-ok'), status => 'SUCCESS', output => 'all good')$$, 'report SUCCESS');
SELECT results_eq(
    $$SELECT last_status::text, last_output, last_error, run_count, success_count, retry_count, retry_at FROM claude.scheduled_jobs WHERE job_name = 'u-ok'$$,
    $$VALUES ('SUCCESS', 'all good', NULL::text, 1, 1, 0, NULL::timestamptz)$$,
    'SUCCESS: last_* set, run_count and success_count incremented');
SELECT results_eq(
    $$SELECT status::text, output, finished_at IS NOT NULL, duration >= interval '0' FROM claude.job_run_history WHERE job_id = '$$ || :'ok_id' || $$'$$,
    $$VALUES ('SUCCESS', 'all good', true, true)$$,
    'the history row is closed with status, output, finished_at and duration');
SELECT results_eq(
    $$SELECT source_type::text, activity_type::text, severity::text, project_name::text FROM claude.activity_feed WHERE source_id = '$$ || :'ok_id' || $$'$$,
    $$VALUES ('job', 'job_completed', 'success', 'ujr-project')$$,
    'activity job_completed with source_id = job_id');
SELECT throws_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'u-ok'), status => 'SUCCESS')$$,
    '55000', NULL, 'reporting twice: the job is not RUNNING');

-- Failure without retries.
SELECT tests.make_job(job_name => 'u-fail') AS fail_id \gset
SELECT claude.claim_job(job_id => :'fail_id') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'fail_id', status => 'FAILED', error => 'boom');
SELECT results_eq(
    $$SELECT last_status::text, last_error, run_count, success_count, retry_count, retry_at FROM claude.scheduled_jobs WHERE job_name = 'u-fail'$$,
    $$VALUES ('FAILED', 'boom', 1, 0, 0, NULL::timestamptz)$$,
    'FAILED without retry_on_failure: counted, no retry');
SELECT results_eq(
    $$SELECT activity_type::text, severity::text FROM claude.activity_feed WHERE source_id = '$$ || :'fail_id' || $$'$$,
    $$VALUES ('job_failed', 'error')$$,
    'activity job_failed, severity error');

-- Retries: exponential backoff, then exhaustion.
SELECT tests.make_job(job_name => 'u-retry', retry_on_failure => true, max_retries => 2, metadata => '{"retry_backoff_seconds": 10}') AS r_id \gset
SELECT claude.claim_job(job_id => :'r_id') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'r_id', status => 'FAILED');
SELECT results_eq($$SELECT retry_count, retry_at - now() FROM claude.scheduled_jobs WHERE job_name = 'u-retry'$$,
    $$VALUES (1, interval '10 seconds')$$, 'first retry after base seconds');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => :'r_id')), 2, 'the retry is attempt 2');
SELECT claude.update_job_result(job_id => :'r_id', status => 'TIMEOUT');
SELECT results_eq($$SELECT retry_count, retry_at - now() FROM claude.scheduled_jobs WHERE job_name = 'u-retry'$$,
    $$VALUES (2, interval '20 seconds')$$, 'TIMEOUT retries too; the delay doubles');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => :'r_id')), 3, 'attempt 3');
SELECT claude.update_job_result(job_id => :'r_id', status => 'FAILED');
SELECT results_eq($$SELECT retry_count, retry_at, run_count, last_status::text FROM claude.scheduled_jobs WHERE job_name = 'u-retry'$$,
    $$VALUES (0, NULL::timestamptz, 3, 'FAILED')$$, 'retries exhausted: back to the normal trigger');
SELECT is((SELECT count(*)::int FROM claude.job_run_history WHERE job_id = :'r_id'), 3, 'one history row per attempt');
SELECT results_eq($$SELECT attempt, status::text FROM claude.job_run_history WHERE job_id = '$$ || :'r_id' || $$' ORDER BY attempt$$,
    $$VALUES (1, 'FAILED'), (2, 'TIMEOUT'), (3, 'FAILED')$$, 'attempts recorded in order');
-- A success after a retry resets the retry state.
UPDATE claude.scheduled_jobs SET retry_count = 1, retry_at = now() WHERE job_id = :'r_id';
SELECT claude.claim_job(job_id => :'r_id') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'r_id', status => 'SUCCESS');
SELECT results_eq($$SELECT retry_count, retry_at FROM claude.scheduled_jobs WHERE job_name = 'u-retry'$$,
    $$VALUES (0, NULL::timestamptz)$$, 'SUCCESS resets retry_count and retry_at');

-- The backoff formula and its cap.
SELECT is(claude._job_retry_delay('{}', 1), interval '60 seconds', 'default base 60 s');
SELECT is(claude._job_retry_delay('{}', 3), interval '240 seconds', '60 * 2^2');
SELECT is(claude._job_retry_delay('{}', 20), interval '3600 seconds', 'capped at one hour');

-- Schedule jobs: next_run recomputed after every run.
SELECT tests.make_job(job_name => 'u-cron', trigger_type => 'schedule', schedule => '*/10 * * * *') AS c_id \gset
UPDATE claude.scheduled_jobs SET next_run = now() - interval '3 hours' WHERE job_id = :'c_id';
SELECT claude.claim_job(job_id => :'c_id') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'c_id', status => 'SUCCESS');
SELECT is((SELECT next_run FROM claude.scheduled_jobs WHERE job_id = :'c_id'), claude.cron_next('*/10 * * * *', now()), 'next_run is the next cron time after now');

-- SKIPPED is not a run.
SELECT tests.make_job(job_name => 'u-skip') AS s_id \gset
SELECT claude.claim_job(job_id => :'s_id') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'s_id', status => 'SKIPPED');
SELECT results_eq($$SELECT last_status::text, run_count, success_count FROM claude.scheduled_jobs WHERE job_id = '$$ || :'s_id' || $$'$$,
    $$VALUES ('SKIPPED', 0, 0)$$, 'SKIPPED closes the run without counting it');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'s_id'), 0, 'SKIPPED logs no job_completed/job_failed');

-- Errors.
SELECT tests.make_job(job_name => 'u-err') AS e_id \gset
SELECT throws_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'u-err'), status => 'SUCCESS')$$,
    '55000', NULL, 'a job never claimed is not RUNNING');
SELECT claude.claim_job(job_id => :'e_id') IS NOT NULL;
SELECT throws_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'u-err'), status => 'RUNNING')$$,
    '22023', NULL, 'RUNNING is not a result');
SELECT throws_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'u-err'), status => 'DONE')$$,
    '22023', NULL, 'unknown status');
SELECT throws_ok($$SELECT claude.update_job_result(job_id => gen_random_uuid(), status => 'SUCCESS')$$,
    'P0002', NULL, 'unknown job');

SELECT * FROM finish();
ROLLBACK;
