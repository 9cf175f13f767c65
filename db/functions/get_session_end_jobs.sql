CREATE OR REPLACE FUNCTION claude.get_session_end_jobs(project_name text DEFAULT NULL)
RETURNS SETOF claude.scheduled_jobs
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_project_id uuid;
BEGIN
    PERFORM claude._check_project_name(get_session_end_jobs.project_name, 'Project names are at most 200 characters.');
    IF get_session_end_jobs.project_name IS NOT NULL THEN
        v_project_id := claude._project_id_of(get_session_end_jobs.project_name);
    END IF;
    RETURN QUERY
    SELECT j.*
      FROM claude.scheduled_jobs j
     WHERE j.is_active
       AND j.last_status IS DISTINCT FROM 'RUNNING'
       AND j.trigger_type = 'session_end'
       AND (v_project_id IS NULL OR j.project_id IS NULL OR j.project_id = v_project_id)
     ORDER BY j.priority, j.last_run NULLS FIRST, j.created_at, j.job_id;
END;
$$;
COMMENT ON FUNCTION claude.get_session_end_jobs(text) IS
'The session_end jobs to run when a session ends: active, not RUNNING, of the given project or of no project (project_name NULL: every project), ordered like get_due_jobs (priority, never run first, oldest last_run); no limit.
Errors: P0002 unknown project_name; 22001 project_name over 200 characters.';
REVOKE ALL ON FUNCTION claude.get_session_end_jobs(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_session_end_jobs(text) TO claude_agent;
