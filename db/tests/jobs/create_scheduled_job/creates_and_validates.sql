-- create_scheduled_job: defaults, project registration, next_run, validation
-- errors with their SQLSTATEs, admin-only privilege.
BEGIN;
SELECT plan(33);

SELECT isnt(claude.create_scheduled_job(job_name => 'cj-basic', job_type => 'backup', command => 'echo hi'), NULL, 'returns a job id');
SELECT results_eq(
    $$SELECT trigger_type::text, trigger_condition, priority, timeout_seconds, is_active, retry_on_failure, max_retries, project_id IS NULL, next_run IS NULL, run_count
        FROM claude.scheduled_jobs WHERE job_name = 'cj-basic'$$,
    $$VALUES ('session_start', '{}'::jsonb, 5, 300, true, false, 3, true, true, 0)$$,
    'analysis defaults: session_start, {}, priority 5, 300 s, active, no project, no next_run');

SELECT lives_ok($$SELECT claude.create_scheduled_job(job_name => 'cj-full', job_type => 'sync', command => 'make sync',
    trigger_type => 'schedule', trigger_condition => '{}', priority => 2, timeout_seconds => 60, schedule => ' 0 3 * * * ',
    project_name => 'cj-new-project', job_description => 'sync things', working_directory => '/tmp',
    retry_on_failure => true, max_retries => 2, is_active => false, metadata => '{"retry_backoff_seconds": 5}',
    created_by_identity_id => tests.make_identity())$$, 'every parameter by name');
SELECT ok(EXISTS (SELECT 1 FROM claude.projects WHERE project_name = 'cj-new-project'), 'an unknown project name is registered');
SELECT results_eq(
    $$SELECT j.schedule::text, j.next_run = claude.cron_next('0 3 * * *', now()), p.project_name::text, j.is_active, j.working_directory
        FROM claude.scheduled_jobs j JOIN claude.projects p USING (project_id) WHERE j.job_name = 'cj-full'$$,
    $$VALUES ('0 3 * * *', true, 'cj-new-project', false, '/tmp')$$,
    'schedule trimmed, next_run computed from it, project linked');
SELECT lives_ok($$SELECT claude.create_scheduled_job(job_name => 'cj-cond', job_type => 'audit', command => 'true',
    trigger_condition => '{"days_since_last_run": 7, "hours_since_last_run": 1.5}')$$, 'both condition keys with positive numbers');

SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'cj-basic', job_type => 'backup', command => 'x')$$, '23505', NULL, 'duplicate name');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => '  ', job_type => 'backup', command => 'x')$$, '22023', NULL, 'blank name');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => NULL, job_type => 'backup', command => 'x')$$, '22023', NULL, 'NULL name');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => repeat('n', 201), job_type => 'backup', command => 'x')$$, '22001', NULL, 'name over 200 characters');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e1', job_type => 'cleanup', command => 'x')$$, '22023', NULL, 'unknown job_type');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e2', job_type => 'backup', command => ' ')$$, '22023', NULL, 'blank command');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e3', job_type => 'backup', command => 'x', trigger_type => 'hourly')$$, '22023', NULL, 'unknown trigger_type');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e4', job_type => 'backup', command => 'x', trigger_type => 'schedule')$$, '22023', NULL, 'schedule trigger without schedule');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e5', job_type => 'backup', command => 'x', schedule => '0 * * * *')$$, '22023', NULL, 'schedule with a session_start trigger');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e6', job_type => 'backup', command => 'x', trigger_type => 'schedule', schedule => '0 25 * * *')$$, '22023', NULL, 'malformed cron');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e7', job_type => 'backup', command => 'x', trigger_type => 'schedule', schedule => '0 0 30 2 *')$$, '22023', NULL, 'cron that never fires');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e8', job_type => 'backup', command => 'x', trigger_type => 'schedule', schedule => repeat('* ', 60))$$, '22001', NULL, 'schedule over 100 characters');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e9', job_type => 'backup', command => 'x', trigger_condition => '{"weeks_since_last_run": 1}')$$, '22023', NULL, 'unknown trigger_condition key');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e10', job_type => 'backup', command => 'x', trigger_condition => '{"days_since_last_run": 0}')$$, '22023', NULL, 'zero days');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e11', job_type => 'backup', command => 'x', trigger_condition => '{"hours_since_last_run": "2"}')$$, '22023', NULL, 'a string instead of a number');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e12', job_type => 'backup', command => 'x', trigger_condition => '[1]')$$, '22023', NULL, 'condition not an object');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e13', job_type => 'backup', command => 'x', priority => 0)$$, '22023', NULL, 'priority 0');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e14', job_type => 'backup', command => 'x', priority => 11)$$, '22023', NULL, 'priority 11');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e15', job_type => 'backup', command => 'x', timeout_seconds => 0)$$, '22023', NULL, 'timeout 0');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e16', job_type => 'backup', command => 'x', max_retries => -1)$$, '22023', NULL, 'negative max_retries');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e17', job_type => 'backup', command => 'x', metadata => '"x"')$$, '22023', NULL, 'metadata not an object');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e18', job_type => 'backup', command => 'x', metadata => '{"retry_backoff_seconds": -1}')$$, '22023', NULL, 'negative backoff base');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e19', job_type => 'backup', command => 'x', created_by_identity_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown creator');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'e20', job_type => 'backup', command => 'x', project_name => repeat('p', 201))$$, '22001', NULL, 'project name over 200 characters');

SELECT ok(has_function_privilege('claude_admin', 'claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid, text)', 'EXECUTE'), 'admins may create jobs');
SELECT ok(NOT has_function_privilege('claude_agent', 'claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid, text)', 'EXECUTE'), 'agents may not create jobs (they run shell commands)');
SELECT ok(NOT has_function_privilege('claude_agent', 'claude.set_job_active(uuid, boolean)', 'EXECUTE'), 'agents may not enable or disable jobs');

SELECT * FROM finish();
ROLLBACK;
