CREATE OR REPLACE FUNCTION claude.claim_next_job(
    session_id uuid DEFAULT NULL,
    project_name text DEFAULT NULL,
    job_types text[] DEFAULT NULL,
    grace_seconds integer DEFAULT 60,
    not_run_since timestamptz DEFAULT NULL
)
RETURNS claude.job_claim
LANGUAGE plpgsql
AS $$
DECLARE
    v_project_id uuid;
    v_job claude.scheduled_jobs;
    v_type text;
    v_unrecoverable uuid[] := '{}'::uuid[];
BEGIN
    -- The session runs the job as its identity, and a login acts only as the
    -- identity bound to it: 42501 when it may not, P0002 for an unknown session.
    PERFORM claude._check_project_name(claim_next_job.project_name);
    PERFORM claude._check_list('job_types', claim_next_job.job_types, 20, 50, 1000, 'Pass at most 20 job types (maintenance, sync, ...).');
    PERFORM claude._authorize_session(claim_next_job.session_id);
    IF claim_next_job.project_name IS NOT NULL THEN
        v_project_id := claude._project_id_of(claim_next_job.project_name);
    END IF;
    IF claim_next_job.job_types IS NOT NULL THEN
        IF cardinality(claim_next_job.job_types) = 0 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'job_types is an empty list',
                HINT = 'Pass the job types to claim from (e.g. {maintenance,backup}), or NULL for every type.';
        END IF;
        FOREACH v_type IN ARRAY claim_next_job.job_types LOOP
            PERFORM claude._check_one_of('job type', v_type, claude._job_types(), '(each entry of job_types)');
        END LOOP;
    END IF;
    PERFORM claude._check_grace_seconds(claim_next_job.grace_seconds);

    LOOP
        -- The first job in due order that no other transaction holds: an
        -- ordered scan of scheduled_jobs_due_idx that stops at the first row
        -- it can lock.  A row another runner claimed after this statement
        -- began is re-checked under its lock (RUNNING: not due) and skipped.
        SELECT j.* INTO v_job
          FROM claude.scheduled_jobs j
         WHERE j.is_active
           AND (v_project_id IS NULL OR j.project_id IS NULL OR j.project_id = v_project_id)
           AND (claim_next_job.job_types IS NULL OR j.job_type = ANY (claim_next_job.job_types))
           AND (claim_next_job.not_run_since IS NULL OR j.last_run IS NULL OR j.last_run < claim_next_job.not_run_since)
           AND j.job_id <> ALL (v_unrecoverable)
           AND (claude._job_is_due(j)
                OR (j.last_status = 'RUNNING'
                    AND j.last_run < now() - make_interval(secs => j.timeout_seconds::double precision
                                                                 + claim_next_job.grace_seconds)))
         ORDER BY j.priority, j.last_run NULLS FIRST, j.created_at, j.job_id
         LIMIT 1
           FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
        IF v_job.last_status IS DISTINCT FROM 'RUNNING' THEN
            RETURN claude._claim_locked_job(v_job, claim_next_job.session_id);
        END IF;
        -- A run whose runner is presumed dead: close it as TIMEOUT (its retry
        -- rules apply), then look again: the job itself may be due again.  A
        -- job that cannot be reported is passed over (it is logged).
        IF NOT claude._time_out_stale_job(v_job.job_id, v_job.timeout_seconds, claim_next_job.grace_seconds,
                                          v_job.last_run, 'claim_next_job') THEN
            v_unrecoverable := v_unrecoverable || v_job.job_id;
        END IF;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION claude.claim_next_job(uuid, text, text[], integer, timestamptz) IS
'Claim the most urgent due job that no other runner holds (FOR UPDATE SKIP LOCKED: runners of a pool never wait for or collide on a job), or NULL when none is due.
The order is that of get_due_jobs (priority, never run first, oldest last_run). Returns the claimed run as claim_job does (RUNNING, last_run = now(), an open job_run_history row), or NULL when no job is due. Run the command, then report with update_job_result(job_id, status, ..., run_id).
session_id: the session running it (optional). project_name: only jobs of that project or of no project (NULL: all). job_types: only these types (NULL: all; at most 20).
grace_seconds: seconds past timeout_seconds after which a RUNNING job''s runner is presumed dead (default 60).
not_run_since: skip jobs whose last run started at or after this time (optional).
A run presumed dead is closed as TIMEOUT on the way, as recover_stale_jobs does, so that its retry rules apply and the job becomes due again without anyone running recover_stale_jobs. not_run_since lets one pass of a runner (run-jobs) run each job at most once even when it is due again at once.
It fails with P0002 for an unknown session or project_name, 42501 when the login may not act as the session''s identity, 22023 for an empty job_types, an unknown job type, or grace_seconds negative or NULL, 22001 past a bound.';
REVOKE ALL ON FUNCTION claude.claim_next_job(uuid, text, text[], integer, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.claim_next_job(uuid, text, text[], integer, timestamptz) TO claude_agent;
