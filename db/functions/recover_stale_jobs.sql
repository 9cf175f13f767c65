CREATE OR REPLACE FUNCTION claude.recover_stale_jobs(grace_seconds integer DEFAULT 60)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_job record;
    v_count integer := 0;
    v_state text;
BEGIN
    IF grace_seconds IS NULL OR grace_seconds < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('grace_seconds %s is negative', coalesce(grace_seconds::text, 'NULL')),
            HINT = 'Pass 0 or more seconds (default 60).';
    END IF;
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
        -- Each job on its own: one row that cannot be reported (whatever is
        -- wrong with it) must not stop the recovery of the others.
        BEGIN
            PERFORM claude.update_job_result(
                job_id => v_job.job_id,
                status => 'TIMEOUT',
                error => format('no result within timeout_seconds (%s) plus %s s grace since %s: the runner is presumed dead',
                                v_job.timeout_seconds, grace_seconds, v_job.started_at));
            v_count := v_count + 1;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
            PERFORM claude.log_activity(
                source_type => 'job', source_id => v_job.job_id, actor => 'recover_stale_jobs',
                activity_type => 'job_recovery_failed',
                title => format('Job %s could not be recovered (SQLSTATE %s)', v_job.job_id, v_state),
                summary => 'It stays RUNNING; an admin should look at the job''s row.',
                severity => 'error');
        END;
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
