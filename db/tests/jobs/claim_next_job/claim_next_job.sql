-- claim_next_job: the most urgent due job nobody holds, filters, stale-run
-- recovery, not_run_since, run_id on update_job_result, errors.
BEGIN;
SELECT plan(28);

UPDATE claude.scheduled_jobs SET is_active = false;   -- isolate from other jobs
SELECT tests.make_session(project_name => 'cn-a') AS sid \gset
SELECT tests.make_project('cn-b');
SELECT tests.make_job(job_name => 'cn-p2', project_name => 'cn-a', priority => 2) AS p2 \gset
SELECT tests.make_job(job_name => 'cn-p1', project_name => 'cn-a', priority => 1) AS p1 \gset
SELECT tests.make_job(job_name => 'cn-global', priority => 3) AS g \gset
SELECT tests.make_job(job_name => 'cn-b', project_name => 'cn-b', priority => 1) AS b \gset
SELECT tests.make_job(job_name => 'cn-demand', trigger_type => 'on_demand', priority => 1) AS d \gset
SELECT tests.make_job(job_name => 'cn-daily', project_name => 'cn-a', priority => 4,
                      trigger_condition => '{"days_since_last_run": 1}') AS daily \gset
UPDATE claude.scheduled_jobs SET job_type = 'backup' WHERE job_name = 'cn-daily';

CREATE TEMP TABLE c1 AS SELECT * FROM claude.claim_next_job(session_id => :'sid', project_name => 'cn-a');
SELECT results_eq($$SELECT job_id, job_name::text, session_id, attempt FROM c1$$,
    format($$VALUES (%L::uuid, 'cn-p1', %L::uuid, 1)$$, :'p1', :'sid'),
    'the most urgent due job of the project (priority 1) is claimed, for the session');
SELECT results_eq($$SELECT last_status::text, last_run FROM claude.scheduled_jobs WHERE job_id = (SELECT job_id FROM c1)$$,
    $$VALUES ('RUNNING', now())$$, 'it is RUNNING since now()');
SELECT results_eq($$SELECT run_id, status::text FROM claude.job_run_history WHERE job_id = (SELECT job_id FROM c1)$$,
    $$SELECT run_id, 'RUNNING' FROM c1$$, 'with an open history row, the returned run_id');
SELECT is((SELECT job_name::text FROM claude.claim_next_job(project_name => 'cn-a')), 'cn-p2',
    'a RUNNING job is not claimed again: the next one is');
SELECT is((SELECT job_name::text FROM claude.claim_next_job(project_name => 'cn-a')), 'cn-global',
    'then the job of no project (due everywhere)');
SELECT is((SELECT job_name::text FROM claude.claim_next_job(project_name => 'cn-a', job_types => '{backup}')), 'cn-daily',
    'job_types filters by type');
SELECT ok((SELECT c IS NULL FROM claude.claim_next_job(project_name => 'cn-a') c),
    'NULL when nothing is due (cn-b belongs to another project, on_demand is never due)');
SELECT is((SELECT job_name::text FROM claude.claim_next_job()), 'cn-b', 'without a project: every project');

-- Reporting with run_id: only the open run.
SELECT throws_ok(format($$SELECT claude.update_job_result(job_id => %L, status => 'SUCCESS', run_id => gen_random_uuid())$$, :'p1'),
    '55000', NULL, 'update_job_result with another run_id is refused');
SELECT lives_ok(format($$SELECT claude.update_job_result(job_id => %L, status => 'SUCCESS', run_id => %L)$$,
    :'p1', (SELECT run_id FROM c1)), 'and accepted with the open run''s id');
SELECT results_eq(format($$SELECT status::text, count(*)::int FROM claude.job_run_history WHERE job_id = %L GROUP BY 1$$, :'p1'),
    $$VALUES ('SUCCESS', 1)$$, 'the run is closed once');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'p1'::uuid AND activity_type = 'job_completed'), 1,
    'and logged as job_completed');
SELECT results_eq(format($$SELECT run_count, success_count FROM claude.scheduled_jobs WHERE job_id = %L$$, :'p1'),
    $$VALUES (1, 1)$$, 'counts kept');

-- not_run_since: one pass runs each job once even when it is due again at once.
SELECT ok((SELECT c IS NULL FROM claude.claim_next_job(project_name => 'cn-a', not_run_since => now()) c),
    'a job run since the pass began is skipped (cn-p1 is due again, {} condition)');
SELECT is((SELECT job_name::text FROM claude.claim_next_job(project_name => 'cn-a')), 'cn-p1',
    'without not_run_since it is claimed again');

-- Stale runs: a RUNNING job past timeout + grace is recovered, then claimed if due.
UPDATE claude.scheduled_jobs SET last_run = now() - interval '10 minutes', timeout_seconds = 60 WHERE job_id = :'p2';
UPDATE claude.job_run_history SET started_at = now() - interval '10 minutes' WHERE job_id = :'p2';
SELECT ok((SELECT c IS NULL FROM claude.claim_next_job(project_name => 'cn-a', grace_seconds => 3600) c),
    'a RUNNING job within timeout + grace stays RUNNING');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'p2'), 'RUNNING', 'untouched');
CREATE TEMP TABLE c2 AS SELECT * FROM claude.claim_next_job(project_name => 'cn-a', grace_seconds => 0);
SELECT is((SELECT job_id FROM c2), :'p2'::uuid, 'past timeout + grace it is recovered and, due again, claimed');
SELECT results_eq(format($$SELECT status::text, attempt FROM claude.job_run_history WHERE job_id = %L ORDER BY started_at$$, :'p2'),
    $$VALUES ('TIMEOUT', 1), ('RUNNING', 1)$$, 'the dead run is closed as TIMEOUT, a new run is open');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'p2'::uuid AND activity_type = 'job_failed'), 1,
    'the recovery is logged as job_failed');
-- A stale job with a retry backoff is recovered but not due: nothing to claim.
UPDATE claude.scheduled_jobs SET retry_on_failure = true, last_run = now() - interval '10 minutes' WHERE job_id = :'p2';
UPDATE claude.job_run_history SET started_at = now() - interval '10 minutes' WHERE job_id = :'p2' AND status = 'RUNNING';
SELECT ok((SELECT c IS NULL FROM claude.claim_next_job(project_name => 'cn-a', grace_seconds => 0) c),
    'a recovered job waiting for its retry is not claimed');
SELECT results_eq(format($$SELECT last_status::text, retry_count, retry_at > now() FROM claude.scheduled_jobs WHERE job_id = %L$$, :'p2'),
    $$VALUES ('TIMEOUT', 1, true)$$, 'it was recovered: TIMEOUT, a retry pending');

-- claim_job (by id) recovers a stale run too (timeout + 60 s).
UPDATE claude.scheduled_jobs SET last_run = now() - interval '10 minutes' WHERE job_id = :'p1';
UPDATE claude.job_run_history SET started_at = now() - interval '10 minutes' WHERE job_id = :'p1' AND status = 'RUNNING';
SELECT is((SELECT attempt FROM claude.claim_job(job_id => :'p1')), 1,
    'claim_job on a run past its timeout + 60 s recovers it and claims');

SELECT throws_ok($$SELECT claude.claim_next_job(session_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown session');
SELECT throws_ok($$SELECT claude.claim_next_job(project_name => 'cn-nowhere')$$, 'P0002', NULL, 'unknown project');
SELECT throws_ok($$SELECT claude.claim_next_job(job_types => '{cooking}')$$, '22023', 'unknown job type ''cooking''', 'an unknown job type is 22023 naming it (the list is claude._job_types())');
SELECT throws_ok($$SELECT claude.claim_next_job(job_types => '{}')$$, '22023', NULL, 'empty job_types');
SELECT throws_ok($$SELECT claude.claim_next_job(grace_seconds => -1)$$, '22023', NULL, 'negative grace');

SELECT * FROM finish();
ROLLBACK;
