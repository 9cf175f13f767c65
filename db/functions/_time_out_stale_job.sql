-- Private helper of claim_next_job and recover_stale_jobs: the one way a run
-- whose runner is presumed dead ends.  It is reported TIMEOUT through
-- update_job_result (history row closed, job_failed logged, the retry rules
-- apply).  A job that cannot be reported, whatever is wrong with its row, is
-- logged as job_recovery_failed and stays RUNNING: one bad row must not stop
-- the recovery of the others, so the caller passes over it.
CREATE OR REPLACE FUNCTION claude._time_out_stale_job(p_job_id uuid, p_timeout_seconds integer,
                                                      p_grace_seconds integer, p_since timestamptz,
                                                      p_actor text)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    v_state text;
BEGIN
    PERFORM claude.update_job_result(
        job_id => p_job_id, status => 'TIMEOUT',
        error => format('no result within timeout_seconds (%s) plus %s s grace since %s: the runner is presumed dead',
                        p_timeout_seconds, p_grace_seconds, p_since));
    RETURN true;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
    PERFORM claude.log_activity(
        source_type => 'job', source_id => p_job_id, actor => p_actor,
        activity_type => 'job_recovery_failed',
        title => format('Job %s could not be recovered (SQLSTATE %s)', p_job_id, v_state),
        summary => 'It stays RUNNING; an admin should look at the job''s row.',
        severity => 'error');
    RETURN false;
END;
$$;
COMMENT ON FUNCTION claude._time_out_stale_job(uuid, integer, integer, timestamptz, text) IS 'Private: report a presumed-dead run TIMEOUT (true), or log job_recovery_failed by p_actor and leave it RUNNING (false).';
REVOKE ALL ON FUNCTION claude._time_out_stale_job(uuid, integer, integer, timestamptz, text) FROM PUBLIC;
