CREATE OR REPLACE FUNCTION claude.create_scheduled_job(
    job_name text,
    job_type text,
    command text,
    trigger_type text DEFAULT 'session_start',
    trigger_condition jsonb DEFAULT '{}',
    priority integer DEFAULT 5,
    timeout_seconds integer DEFAULT 300,
    schedule text DEFAULT NULL,
    project_name text DEFAULT NULL,
    job_description text DEFAULT NULL,
    working_directory text DEFAULT NULL,
    retry_on_failure boolean DEFAULT false,
    max_retries integer DEFAULT 3,
    is_active boolean DEFAULT true,
    metadata jsonb DEFAULT '{}',
    created_by_identity_id uuid DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_first uuid;
    v_problem text;
    v_project_id uuid;
    v_id uuid;
BEGIN
    PERFORM claude._check_idempotency_key(create_scheduled_job.idempotency_key);
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('job_name', job_name, 200, 'Use a shorter job name.');
    PERFORM claude._check_length('command', command, 65536, 'A command is at most 65,536 characters: put a long script in a file.');
    PERFORM claude._check_length('schedule', schedule, 100, 'Use a shorter cron expression.');
    PERFORM claude._check_project_name(project_name);
    PERFORM claude._check_length('job_description', job_description, 65536, 'A description is at most 65,536 characters.');
    PERFORM claude._check_length('working_directory', working_directory, 4096, 'A working directory is at most 4,096 characters.');
    PERFORM claude._check_json_size('trigger_condition', trigger_condition);
    PERFORM claude._check_json_size('metadata', metadata);
    PERFORM claude._check_length('job_type', job_type, 50, 'Use one of the job types.');
    PERFORM claude._check_length('trigger_type', trigger_type, 50, 'Use one of the trigger types.');
    PERFORM claude._check_name('job_name', job_name, 'Name the job, e.g. ''nightly-backup''; names are unique.');
    PERFORM claude._authorize_identity(create_scheduled_job.created_by_identity_id);
    v_first := claude._idempotent_begin('create_scheduled_job', create_scheduled_job.idempotency_key);
    IF v_first IS NOT NULL THEN
        RETURN v_first;  -- the same key again: the first call's result
    END IF;
    PERFORM claude._check_one_of('job_type', job_type, claude._job_types());
    PERFORM claude._check_required('command', command, 'Pass the shell command the job runs.',
        format('job %L: command is required', job_name));
    PERFORM claude._check_one_of('trigger_type', trigger_type, claude._job_trigger_types());
    IF trigger_type = 'schedule' AND (schedule IS NULL OR claude._is_blank(schedule)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: trigger_type schedule needs a schedule', job_name),
            HINT = 'Pass a cron expression, e.g. schedule => ''0 3 * * *''.';
    END IF;
    IF trigger_type <> 'schedule' AND schedule IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('job %L: schedule %L is only meaningful with trigger_type schedule, not %L', job_name, schedule, trigger_type),
            HINT = 'Pass trigger_type => ''schedule'', or leave schedule out.';
    END IF;
    IF schedule IS NOT NULL THEN
        PERFORM claude.cron_next(schedule, now());   -- 22023 naming the bad field
    END IF;
    v_problem := claude._job_trigger_condition_problem(trigger_condition);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: %s', job_name, v_problem),
            HINT = 'trigger_condition takes only days_since_last_run and hours_since_last_run, as positive numbers, e.g. {"days_since_last_run": 7}.';
    END IF;
    IF priority IS NULL OR priority NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: priority %s is not between 1 and 10', job_name, coalesce(priority::text, 'NULL')),
            HINT = '1 is the highest priority, 10 the lowest; the default is 5.';
    END IF;
    IF timeout_seconds IS NULL OR timeout_seconds <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: timeout_seconds %s is not positive', job_name, coalesce(timeout_seconds::text, 'NULL')),
            HINT = 'Give the maximum run time in seconds, e.g. 300.';
    END IF;
    IF max_retries IS NULL OR max_retries < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: max_retries %s is negative', job_name, coalesce(max_retries::text, 'NULL')),
            HINT = 'max_retries is 0 or more.';
    END IF;
    IF retry_on_failure IS NULL OR is_active IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: retry_on_failure and is_active must not be NULL', job_name),
            HINT = 'Pass true or false.';
    END IF;
    v_problem := claude._job_metadata_problem(metadata);
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('job %L: %s', job_name, v_problem),
            HINT = 'Pass a JSON object such as {}; retry_backoff_seconds sets the base delay of the retry backoff in seconds (default 60).';
    END IF;
    IF created_by_identity_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM claude.identities i WHERE i.identity_id = create_scheduled_job.created_by_identity_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('identity %s does not exist', created_by_identity_id),
            HINT = 'Pass the id of a registered identity, or leave created_by_identity_id out.';
    END IF;
    IF EXISTS (SELECT 1 FROM claude.scheduled_jobs j WHERE j.job_name = create_scheduled_job.job_name) THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = format('a job named %L already exists', job_name),
            HINT = 'Job names are unique: choose another name, or change the existing job.';
    END IF;
    IF project_name IS NOT NULL THEN
        v_project_id := claude._ensure_project(project_name);
    END IF;

    BEGIN
        INSERT INTO claude.scheduled_jobs AS j (
            project_id, job_name, job_description, job_type, schedule, is_active,
            timeout_seconds, retry_on_failure, max_retries, command, working_directory,
            created_by_identity_id, metadata, trigger_type, trigger_condition, priority)
        VALUES (
            v_project_id, create_scheduled_job.job_name, create_scheduled_job.job_description,
            create_scheduled_job.job_type, btrim(create_scheduled_job.schedule), create_scheduled_job.is_active,
            create_scheduled_job.timeout_seconds, create_scheduled_job.retry_on_failure,
            create_scheduled_job.max_retries, create_scheduled_job.command,
            create_scheduled_job.working_directory, create_scheduled_job.created_by_identity_id,
            create_scheduled_job.metadata, create_scheduled_job.trigger_type,
            create_scheduled_job.trigger_condition, create_scheduled_job.priority)
        RETURNING j.job_id INTO v_id;
    EXCEPTION WHEN unique_violation THEN   -- a concurrent caller took the name
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = format('a job named %L already exists', job_name),
            HINT = 'Job names are unique: choose another name, or change the existing job.';
    END;
    v_first := v_id;
    PERFORM claude._idempotent_end('create_scheduled_job', create_scheduled_job.idempotency_key, v_first);
    RETURN v_first;
END;
$$;
COMMENT ON FUNCTION claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid, text) IS
'Create a scheduled job (admin only: jobs run shell commands) and return its job_id.
job_name: unique (23505); job_type: a job type; command: the shell command.
trigger_type: session_start (default; due at a session start while trigger_condition holds), schedule (cron, needs schedule), on_demand (never due by itself), session_end (listed by get_session_end_jobs).
trigger_condition: {} (always) or days_since_last_run / hours_since_last_run with positive numbers (both must hold); priority 1 (highest) .. 10, default 5; timeout_seconds > 0, default 300.
schedule: a 5-field cron expression in UTC (see cron_next), required iff trigger_type = schedule; next_run is computed from it.
project_name: the job''s project (registered if new); NULL: a job of no project, due in every project.
retry_on_failure / max_retries: retry a FAILED or TIMEOUT run up to max_retries times with exponential backoff (see update_job_result); metadata.retry_backoff_seconds sets the base delay (default 60).
Limits: job_name 200 characters (no control or zero-width characters, no white space at either end), command and job_description 65,536, schedule 100, project_name 200, working_directory 4,096; trigger_condition and metadata 64 KiB of JSON each.
Errors: 22023 bad value (blank job_name or command, a job_name with a control or zero-width character, job_type, trigger_type, schedule, trigger_condition, priority, timeout_seconds, max_retries, metadata), 22001 a text or JSON value over its limit, 23505 duplicate name, P0002 unknown created_by_identity_id.
idempotency_key (optional, at most 200 characters): a key unique to this request, e.g. a UUID; a call with a key already used returns the first call''s id and creates nothing (a retry after a lost reply is not applied twice; concurrent calls with one key wait for the first).';
REVOKE ALL ON FUNCTION claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid, text) TO claude_admin;
