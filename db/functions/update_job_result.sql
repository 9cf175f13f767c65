CREATE OR REPLACE FUNCTION claude.update_job_result(
    job_id uuid,
    status text,
    output text DEFAULT NULL,
    error text DEFAULT NULL,
    run_id uuid DEFAULT NULL
)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_job_name claude.scheduled_jobs.job_name%TYPE;
    v_last_status claude.scheduled_jobs.last_status%TYPE;
    v_failed boolean := update_job_result.status IN ('FAILED', 'TIMEOUT');
    -- docs/BOUNDS.md: output and error are cut, not refused (a runner must always
    -- be able to report), to 65,536 characters ending in a marker.
    -- (_cut_text is called only for a text to cut: each call costs a SQL
    -- function's parse and plan.)
    v_output text := CASE WHEN update_job_result.output IS NOT NULL
                          THEN claude._cut_text(update_job_result.output, 65536) END;
    v_error text := CASE WHEN update_job_result.error IS NOT NULL
                         THEN claude._cut_text(update_job_result.error, 65536) END;
BEGIN
    PERFORM claude._check_length('status', update_job_result.status, 20, 'Report one of the job run outcomes other than RUNNING.');
    PERFORM claude._check_one_of('status', update_job_result.status, array_remove(claude._job_statuses(), 'RUNNING'),
                                 '(RUNNING is set by claim_job)');
    -- One statement locks, checks and updates the job row (the retry rules
    -- read the row's own columns); the refusals below find out why not.
    UPDATE claude.scheduled_jobs j
       SET last_status = update_job_result.status,
           last_output = v_output,
           last_error = v_error,
           run_count = j.run_count + CASE WHEN update_job_result.status = 'SKIPPED' THEN 0 ELSE 1 END,
           success_count = j.success_count + CASE WHEN update_job_result.status = 'SUCCESS' THEN 1 ELSE 0 END,
           next_run = CASE WHEN j.schedule IS NOT NULL THEN claude.cron_next(j.schedule, now()) END,
           retry_count = CASE WHEN v_failed AND j.retry_on_failure AND j.retry_count < j.max_retries
                              THEN j.retry_count + 1 ELSE 0 END,
           retry_at = CASE WHEN v_failed AND j.retry_on_failure AND j.retry_count < j.max_retries
                           THEN now() + claude._job_retry_delay(j.metadata, j.retry_count + 1) END
     WHERE j.job_id = update_job_result.job_id AND j.last_status = 'RUNNING'
    RETURNING j.job_name INTO v_job_name;
    IF NOT FOUND THEN
        SELECT j.job_name, j.last_status INTO v_job_name, v_last_status
          FROM claude.scheduled_jobs j WHERE j.job_id = update_job_result.job_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('job %s does not exist', update_job_result.job_id),
                HINT = 'Pass the id of the job you claimed.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('job %L is not RUNNING (last status %s)', v_job_name, coalesce(v_last_status, 'none')),
            HINT = 'Claim the job with claim_job before reporting; a run past its timeout may have been recovered as TIMEOUT.';
    END IF;

    UPDATE claude.job_run_history h
       SET status = update_job_result.status,
           finished_at = greatest(clock_timestamp(), h.started_at),
           output = v_output,
           error = v_error
     WHERE h.job_id = update_job_result.job_id AND h.status = 'RUNNING'
       AND (update_job_result.run_id IS NULL OR h.run_id = update_job_result.run_id);
    IF NOT FOUND AND update_job_result.run_id IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('run %s of job %L is not the open run', update_job_result.run_id, v_job_name),
            HINT = 'The run was recovered as TIMEOUT (its runner was presumed dead) and the job claimed again: its result is no longer reported.';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude.update_job_result(uuid, text, text, text, uuid) IS
'Report the result of a claimed run: closes its job_run_history row, updates the job and logs job_completed / job_failed.
The run''s row gets status, finished_at, output and error; the job gets last_status/last_output/last_error, run_count + 1 (not for SKIPPED) and success_count + 1 (SUCCESS), and next_run of schedule jobs is recomputed from now().
status: a job run outcome other than RUNNING. output, error: what the run printed; any size is accepted and stored cut to 65,536 characters (the beginning, then "[cut by claude-gateway: N more characters]").
Retries: on FAILED or TIMEOUT with retry_on_failure and retry_count < max_retries, retry_count becomes n = retry_count + 1 and retry_at = now() + least(base * 2^(n-1), 3600) seconds, base = metadata.retry_backoff_seconds or 60 (60 s, 120 s, 240 s, ... capped at one hour); get_due_jobs lists the job again once retry_at has passed. Any other result (or retries exhausted) resets retry_count to 0 and clears retry_at.
run_id: the claim''s run_id (optional): report only while it is the job''s open run.
With run_id, a runner presumed dead, whose run was recovered as TIMEOUT and claimed again, cannot close another runner''s run.
It fails with 22023 for a status RUNNING, NULL or unknown, P0002 for an unknown job, 55000 when the job is not RUNNING or run_id is not its open run.';
REVOKE ALL ON FUNCTION claude.update_job_result(uuid, text, text, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.update_job_result(uuid, text, text, text, uuid) TO claude_agent;
