-- Each rule of scheduled_jobs and job_run_history rejects a bad row by itself.
BEGIN;
SELECT plan(17);

SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command) VALUES ('j', 'cleanup', 'true')$$,
    '23514', NULL, 'an unknown job_type is rejected');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, trigger_type) VALUES ('j', 'sync', 'true', 'hourly')$$,
    '23514', NULL, 'an unknown trigger_type is rejected');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, last_status, last_run) VALUES ('j', 'sync', 'true', 'OK', now())$$,
    '23514', NULL, 'an unknown last_status is rejected');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, trigger_type) VALUES ('j', 'sync', 'true', 'schedule')$$,
    '23514', NULL, 'a schedule job needs a schedule');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, schedule) VALUES ('j', 'sync', 'true', '* * * * *')$$,
    '23514', NULL, 'only schedule jobs have a schedule');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, priority) VALUES ('j', 'sync', 'true', 0)$$,
    '23514', NULL, 'priority is at least 1');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, priority) VALUES ('j', 'sync', 'true', 11)$$,
    '23514', NULL, 'priority is at most 10');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, timeout_seconds) VALUES ('j', 'sync', 'true', 0)$$,
    '23514', NULL, 'timeout_seconds is positive');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, max_retries) VALUES ('j', 'sync', 'true', -1)$$,
    '23514', NULL, 'max_retries is not negative');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, run_count, success_count) VALUES ('j', 'sync', 'true', 1, 2)$$,
    '23514', NULL, 'success_count cannot exceed run_count');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command) VALUES ('j', 'sync', '  ')$$,
    '23514', NULL, 'a blank command is rejected');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, trigger_condition) VALUES ('j', 'sync', 'true', '[]')$$,
    '23514', NULL, 'trigger_condition must be a JSON object');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command, last_status) VALUES ('j', 'sync', 'true', 'RUNNING')$$,
    '23514', NULL, 'a RUNNING job has a last_run');

CREATE TEMP TABLE j AS
WITH ins AS (INSERT INTO claude.scheduled_jobs (job_name, job_type, command) VALUES ('job-schema-1', 'sync', 'true') RETURNING job_id)
SELECT job_id FROM ins;
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command) VALUES ('job-schema-1', 'audit', 'true')$$,
    '23505', NULL, 'job names are unique');
SELECT lives_ok($$INSERT INTO claude.job_run_history (job_id) SELECT job_id FROM j$$, 'a run is opened');
SELECT throws_ok($$INSERT INTO claude.job_run_history (job_id) SELECT job_id FROM j$$,
    '23505', NULL, 'a job has at most one RUNNING run');
SELECT throws_ok($$INSERT INTO claude.job_run_history (job_id, status) SELECT job_id, 'SUCCESS' FROM j$$,
    '23514', NULL, 'a finished run has finished_at');

SELECT * FROM finish();
ROLLBACK;
