-- claim_job: RUNNING, last_run, an open history row, the returned claim; errors.
BEGIN;
SELECT plan(14);

SELECT tests.make_job(job_name => 'c-job', command => 'echo claimed', timeout_seconds => 42, retry_on_failure => true, max_retries => 2);
UPDATE claude.scheduled_jobs SET working_directory = '/tmp', last_run = now() - interval '1 day',
       retry_count = 1, retry_at = now() - interval '1 minute' WHERE job_name = 'c-job';
SELECT tests.make_session(project_name => 'claim-project') AS sid \gset

CREATE TEMP TABLE claim AS
SELECT * FROM claude.claim_job(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-job'), session_id => :'sid');
SELECT results_eq(
    $$SELECT job_name, attempt, command, working_directory, timeout_seconds, retry_on_failure, max_retries, started_at FROM claim$$,
    $$VALUES ('c-job'::text, 2, 'echo claimed'::text, '/tmp'::text, 42, true, 2, now())$$,
    'the claim carries what the runner needs; attempt = retry_count + 1');
SELECT is((SELECT session_id FROM claim), :'sid'::uuid, 'the claim names the session');
SELECT results_eq(
    $$SELECT last_status::text, last_run, retry_at FROM claude.scheduled_jobs WHERE job_name = 'c-job'$$,
    $$VALUES ('RUNNING', now(), NULL::timestamptz)$$,
    'the job is RUNNING, last_run = now(), the pending retry is consumed');
SELECT results_eq(
    $$SELECT h.run_id, h.status::text, h.attempt, h.session_id, h.finished_at FROM claude.job_run_history h JOIN claude.scheduled_jobs j USING (job_id) WHERE j.job_name = 'c-job'$$,
    $$SELECT run_id, 'RUNNING', 2, session_id, NULL::timestamptz FROM claim$$,
    'an open history row with the returned run_id');
SELECT throws_ok($$SELECT claude.claim_job(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-job'))$$,
    '55000', NULL, 'a RUNNING job cannot be claimed again');

SELECT throws_ok($$SELECT claude.claim_job(job_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown job');
SELECT tests.make_job(job_name => 'c-other');
SELECT throws_ok($$SELECT claude.claim_job(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-other'), session_id => gen_random_uuid())$$,
    'P0002', NULL, 'unknown session');
SELECT is((SELECT last_status FROM claude.scheduled_jobs WHERE job_name = 'c-other'), NULL, 'a failed claim changes nothing');
SELECT throws_ok($$SELECT claude.claim_job(job_id => NULL)$$, '22023', NULL, 'NULL job id');

UPDATE claude.scheduled_jobs SET is_active = false WHERE job_name = 'c-other';
SELECT throws_ok($$SELECT claude.claim_job(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-other'))$$,
    '55000', NULL, 'a disabled job cannot be claimed');

-- on_demand jobs are never due but can be claimed; attempt starts at 1.
SELECT tests.make_job(job_name => 'c-demand', trigger_type => 'on_demand');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-demand'))), 1,
    'an on_demand job is claimed on demand, attempt 1');

-- The unique index is the backstop even if the job row says otherwise.
SELECT tests.make_job(job_name => 'c-backstop');
INSERT INTO claude.job_run_history (job_id) SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-backstop';
SELECT throws_ok($$SELECT claude.claim_job(job_id => (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'c-backstop'))$$,
    '55000', NULL, 'an open run blocks a claim even when last_status was not RUNNING');
SELECT is((SELECT last_status FROM claude.scheduled_jobs WHERE job_name = 'c-backstop'), NULL, 'and the failed claim is rolled back');

SELECT ok(has_function_privilege('claude_agent', 'claude.claim_job(uuid, uuid, boolean)', 'EXECUTE'), 'agents may claim jobs');

SELECT * FROM finish();
ROLLBACK;
