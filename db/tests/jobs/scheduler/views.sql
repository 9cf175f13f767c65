-- The scheduler and job_runs views: content and who may read them.
BEGIN;
SELECT plan(8);

SELECT tests.make_session(project_name => 'view-project') AS sid \gset
SELECT tests.make_job(job_name => 'v-job', project_name => 'view-project', trigger_type => 'schedule', schedule => '@daily') AS j_id \gset
SELECT claude.claim_job(job_id => :'j_id', session_id => :'sid') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'j_id', status => 'SUCCESS');
UPDATE claude.job_run_history SET started_at = finished_at - interval '10 seconds' WHERE job_id = :'j_id';
SELECT claude.claim_job(job_id => :'j_id') IS NOT NULL;
SELECT claude.update_job_result(job_id => :'j_id', status => 'FAILED', error => 'nope');
UPDATE claude.job_run_history SET started_at = finished_at - interval '30 seconds' WHERE job_id = :'j_id' AND status = 'FAILED';

SELECT results_eq(
    $$SELECT job_name::text, job_type::text, trigger_type::text, schedule::text, project_name::text, last_status::text,
             run_count, success_count, success_rate, average_duration, next_run = claude.cron_next('@daily', now())
        FROM claude.scheduler WHERE job_id = '$$ || :'j_id' || $$'$$,
    $$VALUES ('v-job', 'maintenance', 'schedule', '@daily', 'view-project', 'FAILED', 2, 1, 0.5000, interval '20 seconds', true)$$,
    'scheduler: job, type, trigger, schedule, project, last status, counts, success rate, average duration, next run');
SELECT results_eq(
    $$SELECT attempt, status::text, identity_name IS NOT NULL, error FROM claude.job_runs WHERE job_id = '$$ || :'j_id' || $$' ORDER BY finished_at$$,
    $$VALUES (1, 'SUCCESS', true, NULL::text), (1, 'FAILED', false, 'nope')$$,
    'job_runs: one row per run, with the session identity when there is one');
SELECT tests.make_job(job_name => 'v-new') AS n_id \gset
SELECT is((SELECT success_rate FROM claude.scheduler WHERE job_id = :'n_id'), NULL, 'no success rate before the first run');

SELECT ok(has_table_privilege('claude_reader', 'claude.scheduler', 'SELECT'), 'readers see the scheduler');
SELECT ok(has_table_privilege('claude_reader', 'claude.job_runs', 'SELECT'), 'readers see the run history');
SELECT ok(NOT has_table_privilege('claude_reader', 'claude.job_run_history', 'SELECT'), 'but not the table');
SELECT ok(NOT has_table_privilege('claude_agent', 'claude.scheduled_jobs', 'UPDATE'), 'agents cannot write jobs directly');
SET LOCAL ROLE claude_reader;
SELECT ok((SELECT count(*) FROM claude.scheduler WHERE job_name = 'v-job') = 1, 'a reader can query the view');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
