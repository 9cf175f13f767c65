-- claim_next_job: a stale run that cannot be reported (whatever is wrong with
-- its row) is logged and passed over; the next due job is still claimed.
BEGIN;
SELECT plan(4);

UPDATE claude.scheduled_jobs SET is_active = false;   -- isolate from other jobs
SELECT tests.make_job(job_name => 'cu-bad', priority => 1, timeout_seconds => 60) AS bad_id \gset
SELECT tests.make_job(job_name => 'cu-good', priority => 2) AS good_id \gset
SELECT claude.claim_job(job_id => :'bad_id');
UPDATE claude.job_run_history SET started_at = now() - interval '1 hour' WHERE job_id = :'bad_id';
UPDATE claude.scheduled_jobs SET last_run = now() - interval '1 hour' WHERE job_id = :'bad_id';
SELECT tests.make_job_unreportable(:'bad_id');

SELECT is((SELECT job_id FROM claude.claim_next_job(grace_seconds => 0)), :'good_id'::uuid,
    'the stale job comes first (priority 1) but cannot be reported: the next due job is claimed');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'bad_id'), 'RUNNING',
    'the stale job stays RUNNING');
SELECT results_eq($$SELECT actor::text, severity::text, title::text FROM claude.activity_feed
                     WHERE source_id = (SELECT job_id FROM claude.scheduled_jobs WHERE job_name = 'cu-bad')
                       AND activity_type = 'job_recovery_failed'$$,
    format($$VALUES ('claim_next_job', 'error', 'Job %s could not be recovered (SQLSTATE XX000)')$$, :'bad_id'),
    'the failure is logged once, by claim_next_job, with the SQLSTATE');
SELECT ok((SELECT c IS NULL FROM claude.claim_next_job(grace_seconds => 0) c),
    'asked again, nothing else is due: NULL, not the unrecoverable job and no error');

SELECT * FROM finish();
ROLLBACK;
