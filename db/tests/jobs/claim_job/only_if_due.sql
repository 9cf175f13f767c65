-- claim_job(only_if_due => true): claims only a job that is due by the rules
-- of get_due_jobs, so that a runner holding a stale due list cannot run a job
-- twice; without it any job may still be claimed.
BEGIN;
SELECT plan(13);

SELECT tests.make_job(job_name => 'o-daily', trigger_condition => '{"days_since_last_run": 1}');
SELECT tests.make_job(job_name => 'o-demand', trigger_type => 'on_demand');
SELECT tests.make_job(job_name => 'o-cron', trigger_type => 'schedule', schedule => '0 0 1 1 *');
SELECT tests.make_job(job_name => 'o-retry', trigger_condition => '{"days_since_last_run": 1}',
                      retry_on_failure => true, max_retries => 2);
CREATE FUNCTION pg_temp.j(name text) RETURNS uuid LANGUAGE sql
    AS $$ SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'o-' || name $$;

SELECT is((SELECT attempt FROM claude.claim_job(job_id => pg_temp.j('daily'), only_if_due => true)), 1,
    'a due job (never run) is claimed with only_if_due');
SELECT lives_ok($$SELECT claude.update_job_result(job_id => pg_temp.j('daily'), status => 'SUCCESS')$$, 'and reported');
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_due_jobs() WHERE job_id = pg_temp.j('daily')), 'it is no longer listed as due');
SELECT throws_ok($$SELECT claude.claim_job(job_id => pg_temp.j('daily'), only_if_due => true)$$, '55000', NULL,
    'a runner holding a stale list cannot claim it again');
SELECT results_eq($$SELECT run_count, last_status::text FROM claude.scheduled_jobs WHERE job_id = pg_temp.j('daily')$$,
    $$VALUES (1, 'SUCCESS')$$, 'the refused claim changes nothing');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => pg_temp.j('daily'))), 1,
    'without only_if_due it may still be claimed ahead of its condition');

SELECT throws_ok($$SELECT claude.claim_job(job_id => pg_temp.j('demand'), only_if_due => true)$$, '55000', NULL,
    'an on_demand job is never due');
SELECT throws_ok($$SELECT claude.claim_job(job_id => pg_temp.j('cron'), only_if_due => true)$$, '55000', NULL,
    'a schedule job before its next_run is not due');
UPDATE claude.scheduled_jobs SET next_run = now() - interval '1 second' WHERE job_id = pg_temp.j('cron');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => pg_temp.j('cron'), only_if_due => true)), 1,
    'a schedule job past its next_run is');

-- A pending retry replaces the trigger: not due before retry_at, due after.
SELECT claude.claim_job(job_id => pg_temp.j('retry')) IS NOT NULL;
SELECT claude.update_job_result(job_id => pg_temp.j('retry'), status => 'FAILED');
SELECT throws_ok($$SELECT claude.claim_job(job_id => pg_temp.j('retry'), only_if_due => true)$$, '55000', NULL,
    'a retry before its retry_at is not due');
UPDATE claude.scheduled_jobs SET retry_at = now() WHERE job_id = pg_temp.j('retry');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => pg_temp.j('retry'), only_if_due => true)), 2,
    'a retry whose retry_at has passed is, as attempt 2');

SELECT throws_ok($$SELECT claude.claim_job(job_id => pg_temp.j('demand'), only_if_due => NULL)$$, '22023', NULL,
    'only_if_due NULL');
SELECT is((SELECT last_status FROM claude.scheduled_jobs WHERE job_id = pg_temp.j('demand')), NULL,
    'refused claims of the on_demand job left it untouched');

SELECT * FROM finish();
ROLLBACK;
