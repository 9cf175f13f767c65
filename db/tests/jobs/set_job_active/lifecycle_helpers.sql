-- set_job_active, get_session_end_jobs, recover_stale_jobs.
BEGIN;
SELECT plan(18);

UPDATE claude.scheduled_jobs SET is_active = false;   -- isolate from other jobs

-- set_job_active
SELECT tests.make_job(job_name => 'l-toggle') AS t_id \gset
SELECT lives_ok($$SELECT claude.set_job_active(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'l-toggle'), is_active => false)$$, 'disable');
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_due_jobs() WHERE job_id = :'t_id'), 'a disabled job is not due');
SELECT claude.set_job_active(job_id => :'t_id', is_active => true);
SELECT ok(EXISTS (SELECT 1 FROM claude.get_due_jobs() WHERE job_id = :'t_id'), 'an enabled job is due again');
SELECT lives_ok($$SELECT claude.set_job_active(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'l-toggle'), is_active => true)$$, 'idempotent');
SELECT tests.make_job(job_name => 'l-cron', trigger_type => 'schedule', schedule => '0 0 * * *') AS c_id \gset
SELECT claude.set_job_active(job_id => :'c_id', is_active => false);
UPDATE claude.scheduled_jobs SET next_run = now() - interval '30 days' WHERE job_id = :'c_id';
SELECT claude.set_job_active(job_id => :'c_id', is_active => true);
SELECT is((SELECT next_run FROM claude.scheduled_jobs WHERE job_id = :'c_id'), claude.cron_next('0 0 * * *', now()), 're-enabling a schedule job skips missed runs');
SELECT throws_ok($$SELECT claude.set_job_active(job_id => gen_random_uuid(), is_active => true)$$, 'P0002', NULL, 'unknown job');
SELECT throws_ok($$SELECT claude.set_job_active(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'l-toggle'), is_active => NULL)$$, '22023', NULL, 'NULL is_active');

-- get_session_end_jobs
SELECT tests.make_project('end-a');
SELECT tests.make_project('end-b');
SELECT tests.make_job(job_name => 'e-a2', trigger_type => 'session_end', project_name => 'end-a', priority => 2);
SELECT tests.make_job(job_name => 'e-a1', trigger_type => 'session_end', project_name => 'end-a', priority => 1);
SELECT tests.make_job(job_name => 'e-global', trigger_type => 'session_end', priority => 3);
SELECT tests.make_job(job_name => 'e-b', trigger_type => 'session_end', project_name => 'end-b');
SELECT tests.make_job(job_name => 'e-start', project_name => 'end-a');
SELECT results_eq($$SELECT job_name::text FROM claude.get_session_end_jobs(project_name => 'end-a')$$,
    $$VALUES ('e-a1'), ('e-a2'), ('e-global')$$, 'session_end jobs of the project and of no project, by priority');
UPDATE claude.scheduled_jobs SET last_status = 'RUNNING', last_run = now() WHERE job_name = 'e-a1';
UPDATE claude.scheduled_jobs SET is_active = false WHERE job_name = 'e-a2';
SELECT results_eq($$SELECT job_name::text FROM claude.get_session_end_jobs(project_name => 'end-a')$$,
    $$VALUES ('e-global')$$, 'never RUNNING or disabled ones');
SELECT is((SELECT count(*)::int FROM claude.get_session_end_jobs()), 2, 'NULL project: every project');
SELECT throws_ok($$SELECT * FROM claude.get_session_end_jobs(project_name => 'nope-project')$$, 'P0002', NULL, 'unknown project');

-- recover_stale_jobs
SELECT tests.make_job(job_name => 'r-stale', timeout_seconds => 60, retry_on_failure => true, max_retries => 1) AS st_id \gset
SELECT tests.make_job(job_name => 'r-fresh', timeout_seconds => 600) AS fr_id \gset
SELECT tests.make_job(job_name => 'r-orphan', timeout_seconds => 10) AS or_id \gset
SELECT claude.claim_job(job_id => :'st_id') IS NOT NULL;
SELECT claude.claim_job(job_id => :'fr_id') IS NOT NULL;
UPDATE claude.job_run_history SET started_at = now() - interval '2 minutes 1 second' WHERE job_id = :'st_id';
UPDATE claude.job_run_history SET started_at = now() - interval '5 minutes' WHERE job_id = :'fr_id';
-- RUNNING without an open run (a direct write): last_run decides.
UPDATE claude.scheduled_jobs SET last_status = 'RUNNING', last_run = now() - interval '1 hour' WHERE job_id = :'or_id';

SELECT is(claude.recover_stale_jobs(), 2, 'two jobs past timeout + 60 s grace are recovered');
SELECT results_eq(
    $$SELECT last_status::text, retry_count, retry_at IS NOT NULL, run_count FROM claude.scheduled_jobs WHERE job_name = 'r-stale'$$,
    $$VALUES ('TIMEOUT', 1, true, 1)$$, 'the stale job is TIMEOUT with a retry scheduled');
SELECT results_eq(
    $$SELECT status::text, error IS NOT NULL FROM claude.job_run_history WHERE job_id = '$$ || :'st_id' || $$'$$,
    $$VALUES ('TIMEOUT', true)$$, 'its run is closed as TIMEOUT with an explanation');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'fr_id'), 'RUNNING', 'a run within its timeout is left alone');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'or_id'), 'TIMEOUT', 'a RUNNING job without an open run is recovered too');
SELECT ok(EXISTS (SELECT 1 FROM claude.activity_feed WHERE source_id = :'st_id' AND activity_type = 'job_failed'), 'recovery logs job_failed');
SELECT throws_ok($$SELECT claude.recover_stale_jobs(grace_seconds => -1)$$, '22023', NULL, 'negative grace');

SELECT * FROM finish();
ROLLBACK;
