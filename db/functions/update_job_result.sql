CREATE OR REPLACE FUNCTION claude.update_job_result(
    job_id uuid,
    status text,
    output text DEFAULT NULL,
    error text DEFAULT NULL
)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v_job claude.scheduled_jobs;
    v_failed boolean;
    v_retry boolean;
    v_next timestamptz;
    -- docs/BOUNDS.md: output and error are cut, not refused (a runner must always
    -- be able to report), to 65,536 characters ending in a marker.
    v_output text := claude._cut_text(update_job_result.output, 65536);
    v_error text := claude._cut_text(update_job_result.error, 65536);
BEGIN
    PERFORM claude._check_length('status', update_job_result.status, 20, 'Report one of the job run outcomes other than RUNNING.');
    PERFORM claude._check_one_of('status', update_job_result.status, array_remove(claude._job_statuses(), 'RUNNING'),
                                 '(RUNNING is set by claim_job)');
    SELECT j.* INTO v_job FROM claude.scheduled_jobs j WHERE j.job_id = update_job_result.job_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('job %s does not exist', update_job_result.job_id),
            HINT = 'Pass the id of the job you claimed.';
    END IF;
    IF v_job.last_status IS DISTINCT FROM 'RUNNING' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('job %L is not RUNNING (last status %s)', v_job.job_name, coalesce(v_job.last_status, 'none')),
            HINT = 'Claim the job with claim_job before reporting; a run past its timeout may have been recovered as TIMEOUT.';
    END IF;

    UPDATE claude.job_run_history h
       SET status = update_job_result.status,
           finished_at = greatest(clock_timestamp(), h.started_at),
           output = v_output,
           error = v_error
     WHERE h.job_id = v_job.job_id AND h.status = 'RUNNING';

    v_failed := update_job_result.status IN ('FAILED', 'TIMEOUT');
    v_retry := v_failed AND v_job.retry_on_failure AND v_job.retry_count < v_job.max_retries;
    IF v_job.schedule IS NOT NULL THEN
        v_next := claude.cron_next(v_job.schedule, now());
    END IF;

    UPDATE claude.scheduled_jobs j
       SET last_status = update_job_result.status,
           last_output = v_output,
           last_error = v_error,
           run_count = j.run_count + CASE WHEN update_job_result.status = 'SKIPPED' THEN 0 ELSE 1 END,
           success_count = j.success_count + CASE WHEN update_job_result.status = 'SUCCESS' THEN 1 ELSE 0 END,
           next_run = v_next,
           retry_count = CASE WHEN v_retry THEN j.retry_count + 1 ELSE 0 END,
           retry_at = CASE WHEN v_retry THEN now() + claude._job_retry_delay(j.metadata, j.retry_count + 1) END
     WHERE j.job_id = v_job.job_id;
END;
$$;
COMMENT ON FUNCTION claude.update_job_result(uuid, text, text, text) IS
'Report the result of a claimed run: closes the open job_run_history row (status, finished_at, output, error), sets last_status/last_output/last_error, increments run_count (not for SKIPPED) and success_count (SUCCESS), recomputes next_run of schedule jobs from now(), and logs job_completed / job_failed.
status: a job run outcome other than RUNNING. output, error: what the run printed; any size is accepted and stored cut to 65,536 characters (the beginning, then "[cut by claude-gateway: N more characters]").
Retries: on FAILED or TIMEOUT with retry_on_failure and retry_count < max_retries, retry_count becomes n = retry_count + 1 and retry_at = now() + least(base * 2^(n-1), 3600) seconds, base = metadata.retry_backoff_seconds or 60 (60 s, 120 s, 240 s, ... capped at one hour); get_due_jobs lists the job again once retry_at has passed. Any other result (or retries exhausted) resets retry_count to 0 and clears retry_at.
Errors: 22023 status RUNNING, NULL or unknown; P0002 unknown job; 55000 the job is not RUNNING.';
REVOKE ALL ON FUNCTION claude.update_job_result(uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.update_job_result(uuid, text, text, text) TO claude_agent;
