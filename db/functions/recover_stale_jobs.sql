CREATE OR REPLACE FUNCTION claude.recover_stale_jobs(grace_seconds integer DEFAULT 60)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_job record;
    v_count integer := 0;
BEGIN
    PERFORM claude._check_grace_seconds(recover_stale_jobs.grace_seconds);
    FOR v_job IN
        SELECT j.job_id, j.timeout_seconds, coalesce(h.started_at, j.last_run) AS started_at
          FROM claude.scheduled_jobs j
          LEFT JOIN claude.job_run_history h ON h.job_id = j.job_id AND h.status = 'RUNNING'
         WHERE j.last_status = 'RUNNING'
           AND coalesce(h.started_at, j.last_run)
               < now() - make_interval(secs => j.timeout_seconds::double precision + recover_stale_jobs.grace_seconds)
         ORDER BY j.job_id
           FOR UPDATE OF j SKIP LOCKED
    LOOP
        IF claude._time_out_stale_job(v_job.job_id, v_job.timeout_seconds, recover_stale_jobs.grace_seconds,
                                      v_job.started_at, 'recover_stale_jobs') THEN
            v_count := v_count + 1;
        END IF;
    END LOOP;
    RETURN v_count;
END;
$$;
COMMENT ON FUNCTION claude.recover_stale_jobs(integer) IS
'Crash recovery: every job RUNNING for longer than its timeout_seconds plus grace_seconds (default 60) is reported TIMEOUT (history row closed, job_failed logged), so it becomes due again per the retry rules of update_job_result (a pending retry, or its normal trigger). Returns how many jobs were recovered; a job that cannot be reported is skipped with an error activity (job_recovery_failed), the others are still recovered. Safe to call from any session start; concurrent callers skip each other''s rows.
Parameters:
- grace_seconds: seconds past a job''s timeout before it counts as crashed (default 60).
Errors: 22023 grace_seconds negative.';
REVOKE ALL ON FUNCTION claude.recover_stale_jobs(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.recover_stale_jobs(integer) TO claude_agent;
