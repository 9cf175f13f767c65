-- Direct writes to scheduled_jobs and job_run_history: the rules hold without the API.
BEGIN;
SELECT plan(17);

SELECT throws_ok($$SELECT tests.make_job(trigger_condition => '{"minutes_since_last_run": 5}')$$, '23514', NULL, 'unknown condition key rejected by the trigger');
SELECT throws_ok($$SELECT tests.make_job(trigger_condition => '{"days_since_last_run": -1}')$$, '23514', NULL, 'negative days rejected by the trigger');
SELECT throws_ok($$SELECT tests.make_job(trigger_type => 'schedule', schedule => '* * *')$$, '23514', NULL, 'malformed cron rejected by the trigger');
SELECT throws_ok($$SELECT tests.make_job(trigger_type => 'schedule', schedule => '0 0 31 2 *')$$, '23514', NULL, 'never-firing cron rejected by the trigger');
SELECT throws_ok($$SELECT tests.make_job(trigger_type => 'schedule')$$, '23514', NULL, 'schedule trigger without schedule: CHECK');
SELECT throws_ok($$SELECT tests.make_job(schedule => '@daily')$$, '23514', NULL, 'schedule without schedule trigger: CHECK');
SELECT throws_ok($$SELECT tests.make_job(priority => 0)$$, '23514', NULL, 'priority CHECK');
SELECT throws_ok($$SELECT tests.make_job(metadata => '{"retry_backoff_seconds": "soon"}')$$, '23514', NULL, 'backoff base must be a number');

SELECT tests.make_job(job_name => 'tr-sched', trigger_type => 'schedule', schedule => '0 * * * *');
SELECT is((SELECT next_run FROM claude.scheduled_jobs WHERE job_name = 'tr-sched'), claude.cron_next('0 * * * *', now()), 'next_run set on a direct insert');
UPDATE claude.scheduled_jobs SET schedule = '0 0 1 1 *' WHERE job_name = 'tr-sched';
SELECT is((SELECT next_run FROM claude.scheduled_jobs WHERE job_name = 'tr-sched'), claude.cron_next('0 0 1 1 *', now()), 'next_run follows a changed schedule');
UPDATE claude.scheduled_jobs SET next_run = '2001-01-01' WHERE job_name = 'tr-sched';
-- The trigger validates a column when it is written, on UPDATE as on INSERT.
SELECT throws_ok($$UPDATE claude.scheduled_jobs SET trigger_condition = '{"weeks_since_last_run": 1}' WHERE job_name = 'tr-sched'$$,
    '23514', NULL, 'an unknown condition key written by UPDATE is rejected');
SELECT throws_ok($$UPDATE claude.scheduled_jobs SET metadata = '{"retry_backoff_seconds": -5}' WHERE job_name = 'tr-sched'$$,
    '23514', NULL, 'a negative backoff base written by UPDATE is rejected');
SELECT lives_ok($$UPDATE claude.scheduled_jobs SET priority = 2 WHERE job_name = 'tr-sched'$$,
    'an update of other columns passes');
SELECT is((SELECT next_run FROM claude.scheduled_jobs WHERE job_name = 'tr-sched'), '2001-01-01'::timestamptz, 'next_run stays writable by the owner');

-- Run history: one open run per job, finished runs immutable.
SELECT tests.make_job(job_name => 'tr-run');
INSERT INTO claude.job_run_history (job_id) SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'tr-run';
SELECT throws_ok($$INSERT INTO claude.job_run_history (job_id) SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'tr-run'$$,
    '23505', NULL, 'a second open run of the same job violates the unique index');
UPDATE claude.job_run_history SET status = 'SUCCESS', finished_at = now()
 WHERE job_id = (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'tr-run');
SELECT throws_ok($$UPDATE claude.job_run_history SET status = 'FAILED'
                    WHERE job_id = (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'tr-run')$$,
    '55000', NULL, 'a finished run cannot change its status');
SELECT lives_ok($$UPDATE claude.job_run_history SET started_at = started_at - interval '1 hour'
                   WHERE job_id = (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'tr-run')$$,
    'time columns of a finished run stay writable');

SELECT * FROM finish();
ROLLBACK;
