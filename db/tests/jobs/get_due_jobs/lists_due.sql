-- get_due_jobs: which jobs are due, their order, the limit of 5, projects.
BEGIN;
SELECT plan(17);

-- Isolate from any job another test file or domain may have left behind.
UPDATE claude.scheduled_jobs SET is_active = false;

SELECT tests.make_project('due-a');
SELECT tests.make_project('due-b');
SELECT tests.make_job(job_name => 'd-always', project_name => 'due-a', priority => 5);
SELECT tests.make_job(job_name => 'd-other-project', project_name => 'due-b', priority => 1);
SELECT tests.make_job(job_name => 'd-global', priority => 6);
SELECT tests.make_job(job_name => 'd-weekly', trigger_condition => '{"days_since_last_run": 7}', priority => 7);
SELECT tests.make_job(job_name => 'd-hourly', trigger_condition => '{"hours_since_last_run": 2}', priority => 7);
SELECT tests.make_job(job_name => 'd-ondemand', trigger_type => 'on_demand', priority => 1);
SELECT tests.make_job(job_name => 'd-end', trigger_type => 'session_end', priority => 1);
SELECT tests.make_job(job_name => 'd-cron', trigger_type => 'schedule', schedule => '0 * * * *', priority => 4);
SELECT tests.make_job(job_name => 'd-running', priority => 1);
SELECT tests.make_job(job_name => 'd-disabled', priority => 1);
UPDATE claude.scheduled_jobs SET is_active = false WHERE job_name = 'd-disabled';
UPDATE claude.scheduled_jobs SET last_status = 'RUNNING', last_run = now() WHERE job_name = 'd-running';

CREATE TEMP TABLE due AS SELECT job_name::text FROM claude.get_due_jobs(project_name => 'due-a');
SELECT ok(EXISTS (SELECT 1 FROM due WHERE job_name = 'd-always'), 'a never-run session_start job of the project is due');
SELECT ok(EXISTS (SELECT 1 FROM due WHERE job_name = 'd-global'), 'a job of no project is due in every project');
SELECT ok(NOT EXISTS (SELECT 1 FROM due WHERE job_name = 'd-other-project'), 'a job of another project is not');
SELECT ok(NOT EXISTS (SELECT 1 FROM due WHERE job_name IN ('d-ondemand', 'd-end')), 'on_demand and session_end jobs never are');
SELECT ok(NOT EXISTS (SELECT 1 FROM due WHERE job_name = 'd-cron'), 'a schedule job before its next_run is not');
SELECT ok(NOT EXISTS (SELECT 1 FROM due WHERE job_name IN ('d-running', 'd-disabled')), 'RUNNING and disabled jobs never are');

-- Conditions against last_run.
UPDATE claude.scheduled_jobs SET last_run = now() - interval '6 days', last_status = 'SUCCESS' WHERE job_name = 'd-weekly';
UPDATE claude.scheduled_jobs SET last_run = now() - interval '3 hours', last_status = 'SUCCESS' WHERE job_name = 'd-hourly';
UPDATE claude.scheduled_jobs SET next_run = now() - interval '1 minute' WHERE job_name = 'd-cron';
SELECT results_eq(
    $$SELECT job_name::text FROM claude.get_due_jobs(project_name => 'due-a')$$,
    $$VALUES ('d-cron'), ('d-always'), ('d-global'), ('d-hourly')$$,
    'priority ascending; 6-day-old weekly job not due; 3-hour-old hourly job due; cron job due once next_run passed');
UPDATE claude.scheduled_jobs SET last_run = now() - interval '8 days' WHERE job_name = 'd-weekly';
SELECT ok(EXISTS (SELECT 1 FROM claude.get_due_jobs('due-a') WHERE job_name = 'd-weekly'), 'weekly job due after 8 days');
UPDATE claude.scheduled_jobs SET trigger_condition = '{"days_since_last_run": 7, "hours_since_last_run": 1}' WHERE job_name = 'd-hourly';
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_due_jobs('due-a') WHERE job_name = 'd-hourly'), 'both conditions must hold');

-- Retry pending: retry_at decides, not the trigger.
UPDATE claude.scheduled_jobs SET retry_on_failure = true, retry_count = 1, retry_at = now() + interval '1 minute', last_status = 'FAILED', last_run = now()
 WHERE job_name = 'd-always';
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_due_jobs('due-a') WHERE job_name = 'd-always'), 'a retry waiting for retry_at is not due');
UPDATE claude.scheduled_jobs SET retry_at = now() WHERE job_name = 'd-always';
SELECT ok(EXISTS (SELECT 1 FROM claude.get_due_jobs('due-a') WHERE job_name = 'd-always'), 'a retry is due once retry_at has passed');
UPDATE claude.scheduled_jobs SET retry_at = now() - interval '1 minute', next_run = now() + interval '1 hour' WHERE job_name = 'd-cron';
SELECT ok(EXISTS (SELECT 1 FROM claude.get_due_jobs('due-a') WHERE job_name = 'd-cron'), 'a schedule job waiting for a retry is due at retry_at, before next_run');

-- Waited longest first within a priority; at most 5.
SELECT tests.make_job(job_name => 'o-' || g, priority => 2) FROM generate_series(1, 7) g;
UPDATE claude.scheduled_jobs SET last_run = now() - (substr(job_name, 3)::int * interval '1 hour'), last_status = 'SUCCESS'
 WHERE job_name LIKE 'o-%' AND job_name <> 'o-4';
SELECT results_eq(
    $$SELECT job_name::text FROM claude.get_due_jobs()$$,
    $$VALUES ('d-other-project'), ('o-4'), ('o-7'), ('o-6'), ('o-5')$$,
    'NULL project: every project; priority, then never run, then oldest last_run; at most 5');
SELECT is((SELECT count(*)::int FROM claude.get_due_jobs('due-b')), 5, 'never more than 5');

SELECT throws_ok($$SELECT * FROM claude.get_due_jobs(project_name => 'no-such-project')$$, 'P0002', NULL, 'unknown project');
SELECT ok(has_function_privilege('claude_agent', 'claude.get_due_jobs(text)', 'EXECUTE'), 'agents may list due jobs');
SELECT ok(NOT has_function_privilege('public', 'claude.get_due_jobs(text)', 'EXECUTE'), 'PUBLIC may not');

SELECT * FROM finish();
ROLLBACK;
