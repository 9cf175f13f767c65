CREATE OR REPLACE FUNCTION claude.claim_job(job_id uuid, session_id uuid DEFAULT NULL, only_if_due boolean DEFAULT false)
RETURNS claude.job_claim
LANGUAGE plpgsql
AS $$
DECLARE
    v_job claude.scheduled_jobs;
BEGIN
    PERFORM claude._authorize_session(claim_job.session_id);
    IF claim_job.job_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'job_id is required', HINT = 'Pass the id of a scheduled job.';
    END IF;
    IF claim_job.only_if_due IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'only_if_due must be true or false, not NULL',
            HINT = 'Pass true to claim the job only while it is due, false (the default) to claim it anyway.';
    END IF;
    IF claim_job.session_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM claude.sessions s WHERE s.session_id = claim_job.session_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('session %s does not exist', claim_job.session_id),
            HINT = 'Pass the id of the session running the job, or NULL.';
    END IF;
    -- The row lock serialises concurrent claims: the second caller waits,
    -- then sees RUNNING.  The unique index on open runs is the backstop.
    SELECT j.* INTO v_job FROM claude.scheduled_jobs j WHERE j.job_id = claim_job.job_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('job %s does not exist', claim_job.job_id),
            HINT = 'Pass the id returned by create_scheduled_job or get_due_jobs.';
    END IF;
    -- A run whose runner died: past its timeout plus the 60 s grace of
    -- recover_stale_jobs it is closed as TIMEOUT here, under the row lock,
    -- instead of refusing every claim until someone recovers it.
    IF v_job.last_status = 'RUNNING'
       AND v_job.last_run < now() - make_interval(secs => v_job.timeout_seconds::double precision + 60) THEN
        PERFORM claude.update_job_result(
            job_id => v_job.job_id, status => 'TIMEOUT',
            error => format('no result within timeout_seconds (%s) plus 60 s grace since %s: the runner is presumed dead',
                            v_job.timeout_seconds, v_job.last_run));
        SELECT j.* INTO v_job FROM claude.scheduled_jobs j WHERE j.job_id = claim_job.job_id;
    END IF;
    IF v_job.last_status = 'RUNNING' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('job %L is already RUNNING (since %s)', v_job.job_name, v_job.last_run),
            HINT = 'Wait for its result; a run whose runner died is recovered by the next claim once its timeout plus 60 s have passed.';
    END IF;
    IF NOT v_job.is_active THEN
        RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('job %L is disabled', v_job.job_name),
            HINT = 'Enable it first with set_job_active(job_id, true).';
    END IF;
    -- Checked under the row lock: a runner that listed the job in get_due_jobs
    -- must not run it again after another runner ran it meanwhile.
    IF claim_job.only_if_due AND NOT claude._job_is_due(v_job) THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('job %L is not due (last run %s, last status %s)', v_job.job_name,
                             coalesce(v_job.last_run::text, 'never'), coalesce(v_job.last_status, 'none')),
            HINT = 'Another runner probably ran it since you listed it: call get_due_jobs again.';
    END IF;

    RETURN claude._claim_locked_job(v_job, claim_job.session_id);
END;
$$;
COMMENT ON FUNCTION claude.claim_job(uuid, uuid, boolean) IS
'Claim a job for one run: atomically sets it RUNNING with last_run = now(), clears a pending retry_at, opens a job_run_history row, and returns the claimed run (run_id, job_id, job_name, session_id, attempt, command, working_directory, timeout_seconds, retry_on_failure, max_retries, started_at). Run the command, then report with update_job_result.
Parameters:
- job_id: the job to claim (P0002 unknown; 55000 already RUNNING).
- session_id: the session that runs it (recorded in the run; optional).
- only_if_due: claim only when the job is due now (default false); otherwise 55000.
session_id: the session running it (optional). attempt is 1 for a first run, n+1 for retry n.
Any job may be claimed at any time (on_demand jobs, or ahead of schedule); disabled jobs may not.
only_if_due (default false): true claims the job only while it is due by the rules of get_due_jobs, checked under the job''s row lock; a runner claiming what get_due_jobs listed passes true, so a job another runner has run since is refused instead of run twice.
A RUNNING job whose run has lasted longer than timeout_seconds plus 60 s (its runner presumed dead) is first closed as TIMEOUT, as recover_stale_jobs would, and then claimed if the rules above allow it.
Errors: P0002 unknown job or session; 22023 job_id or only_if_due NULL; 55000 the job is already RUNNING (also for concurrent callers: exactly one wins), disabled, or (only_if_due) not due.';
REVOKE ALL ON FUNCTION claude.claim_job(uuid, uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.claim_job(uuid, uuid, boolean) TO claude_agent;
