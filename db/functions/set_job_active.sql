CREATE OR REPLACE FUNCTION claude.set_job_active(job_id uuid, is_active boolean)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_job claude.scheduled_jobs;
BEGIN
    IF set_job_active.is_active IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'is_active must be true or false',
            HINT = 'Pass true to enable the job, false to disable it.';
    END IF;
    SELECT j.* INTO v_job FROM claude.scheduled_jobs j WHERE j.job_id = set_job_active.job_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('job %s does not exist', set_job_active.job_id),
            HINT = 'Pass the id returned by create_scheduled_job.';
    END IF;
    IF v_job.is_active = set_job_active.is_active THEN
        RETURN;   -- idempotent
    END IF;
    UPDATE claude.scheduled_jobs j
       SET is_active = set_job_active.is_active,
           -- Re-enabled schedule jobs resume from now: missed runs are not replayed.
           next_run = CASE WHEN set_job_active.is_active AND j.schedule IS NOT NULL
                           THEN claude.cron_next(j.schedule, now()) ELSE j.next_run END
     WHERE j.job_id = v_job.job_id;
END;
$$;
COMMENT ON FUNCTION claude.set_job_active(uuid, boolean) IS
'Enable (is_active true) or disable (false) a job (admin only). A disabled job is never due and cannot be claimed; a run in progress still reports its result. Re-enabling a schedule job sets next_run to the next time after now (missed runs are not replayed). Idempotent.
Errors: P0002 unknown job; 22023 is_active NULL.';
REVOKE ALL ON FUNCTION claude.set_job_active(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.set_job_active(uuid, boolean) TO claude_admin;
