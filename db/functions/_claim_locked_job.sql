-- Private helper of claim_job and claim_next_job: claim a job row the caller
-- has locked (FOR UPDATE) and checked: set it RUNNING with last_run = now(),
-- consume a pending retry, open its job_run_history row, return the claim.
CREATE OR REPLACE FUNCTION claude._claim_locked_job(p_job claude.scheduled_jobs, p_session_id uuid)
RETURNS claude.job_claim
LANGUAGE plpgsql
AS $$
DECLARE
    v_claim claude.job_claim;
BEGIN
    UPDATE claude.scheduled_jobs j
       SET last_status = 'RUNNING', last_run = now(), retry_at = NULL
     WHERE j.job_id = p_job.job_id;
    -- ON CONFLICT on the one-open-run index rather than an EXCEPTION block:
    -- a block would open a subtransaction on every claim.
    INSERT INTO claude.job_run_history AS h (job_id, session_id, attempt, started_at, status)
    VALUES (p_job.job_id, p_session_id, p_job.retry_count + 1, now(), 'RUNNING')
    ON CONFLICT (job_id) WHERE status = 'RUNNING' DO NOTHING
    RETURNING h.run_id, h.started_at INTO v_claim.run_id, v_claim.started_at;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = format('job %L already has an open run', p_job.job_name),
            HINT = 'Wait for its result; a run whose runner died is recovered after its timeout (claim_next_job, recover_stale_jobs).';
    END IF;
    v_claim.job_id := p_job.job_id;
    v_claim.job_name := p_job.job_name;
    v_claim.session_id := p_session_id;
    v_claim.attempt := p_job.retry_count + 1;
    v_claim.command := p_job.command;
    v_claim.working_directory := p_job.working_directory;
    v_claim.timeout_seconds := p_job.timeout_seconds;
    v_claim.retry_on_failure := p_job.retry_on_failure;
    v_claim.max_retries := p_job.max_retries;
    RETURN v_claim;
END;
$$;
COMMENT ON FUNCTION claude._claim_locked_job(claude.scheduled_jobs, uuid) IS 'Private: claim a job row the caller holds locked: RUNNING, last_run = now(), retry_at cleared, an open job_run_history row (55000 when one is already open); returns the claim.';
REVOKE ALL ON FUNCTION claude._claim_locked_job(claude.scheduled_jobs, uuid) FROM PUBLIC;
