-- Arithmetic on stored settings cannot break a job's report, and one job that
-- cannot be reported does not stop the recovery of the others.
BEGIN;
SELECT plan(9);

UPDATE claude.scheduled_jobs SET is_active = false;   -- isolate from other jobs

SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'ss-tiny', job_type => 'sync', command => 'true',
                   trigger_type => 'on_demand', metadata => '{"retry_backoff_seconds": 1e-400}')$$, '22023', NULL,
    'create_scheduled_job: a backoff of 1e-400 s is refused (it underflows a double)');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'ss-huge', job_type => 'sync', command => 'true',
                   trigger_type => 'on_demand', metadata => '{"retry_backoff_seconds": 1e400}')$$, '22023', NULL,
    'create_scheduled_job: a backoff above 3600 s is refused');
SELECT tests.make_job(job_name => 'ss-direct') AS d_id \gset
SELECT throws_ok($$UPDATE claude.scheduled_jobs SET metadata = '{"retry_backoff_seconds": 1e-400}' WHERE job_name = 'ss-direct'$$,
    '23514', NULL, 'a direct write of the same metadata fails on the table''s rule');

-- A row stored before the rule (the rule is the trigger's: switch it off to plant one).
ALTER TABLE claude.scheduled_jobs DISABLE TRIGGER USER;
UPDATE claude.scheduled_jobs SET metadata = '{"retry_backoff_seconds": 1e-400}', retry_on_failure = true, max_retries = 3
 WHERE job_id = :'d_id';
ALTER TABLE claude.scheduled_jobs ENABLE TRIGGER USER;
SELECT claude.claim_job(job_id => :'d_id');
SELECT lives_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'ss-direct'), status => 'FAILED')$$,
    'update_job_result of a job with an old tiny backoff does not fail (22003 before)');
SELECT is((SELECT last_status FROM claude.scheduled_jobs WHERE job_id = :'d_id'), 'FAILED', 'the job is no longer RUNNING');
SELECT is(claude._job_retry_delay('{"retry_backoff_seconds": 1e-400}', 2000000000), interval '0', 'any stored base and retry number give a delay');

-- recover_stale_jobs: one job whose report fails (a test-only trigger) does not stop the others.
SELECT tests.make_job(job_name => 'ss-stale-bad', timeout_seconds => 60) AS bad_id \gset
SELECT tests.make_job(job_name => 'ss-stale-good', timeout_seconds => 60) AS good_id \gset
SELECT claude.claim_job(job_id => :'bad_id');
SELECT claude.claim_job(job_id => :'good_id');
UPDATE claude.job_run_history SET started_at = now() - interval '1 hour' WHERE job_id IN (:'bad_id', :'good_id');
UPDATE claude.scheduled_jobs SET last_run = now() - interval '1 hour' WHERE job_id IN (:'bad_id', :'good_id');
SELECT tests.make_job_unreportable(:'bad_id');
SELECT is(claude.recover_stale_jobs(), 1, 'recover_stale_jobs recovers the good job despite the bad one');
SELECT results_eq($$SELECT job_name::text, last_status::text FROM claude.scheduled_jobs WHERE job_name LIKE 'ss-stale-%' ORDER BY 1$$,
    $$VALUES ('ss-stale-bad', 'RUNNING'), ('ss-stale-good', 'TIMEOUT')$$, 'the bad one stays RUNNING, the good one is recovered');
SELECT is((SELECT severity::text FROM claude.activity_feed WHERE source_id = :'bad_id' AND activity_type = 'job_recovery_failed'), 'error',
    'the failure is in the activity feed for people to see');

SELECT * FROM finish();
ROLLBACK;
