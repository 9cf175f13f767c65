CREATE OR REPLACE FUNCTION claude.get_due_jobs(project_name text DEFAULT NULL)
RETURNS SETOF claude.scheduled_jobs
LANGUAGE plpgsql
STABLE
-- Planned with the actual arguments on every call, so that the optional
-- project filter folds away or becomes an index condition.
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_project_id uuid;
BEGIN
    PERFORM claude._check_project_name(get_due_jobs.project_name, 'Project names are at most 200 characters.');
    IF get_due_jobs.project_name IS NOT NULL THEN
        v_project_id := claude._project_id_of(get_due_jobs.project_name);
    END IF;
    RETURN QUERY
    SELECT j.*
      FROM claude.scheduled_jobs j
     -- claude._job_is_due is inlined here (an SQL predicate without SET);
     -- the first line states, where the planner sees it whatever the
     -- inlining, what it requires of every due job: an ordered scan of
     -- scheduled_jobs_due_idx that stops at the fifth due job.
     WHERE j.is_active AND j.trigger_type IN ('session_start', 'schedule')
       AND claude._job_is_due(j)
       AND (v_project_id IS NULL OR j.project_id IS NULL OR j.project_id = v_project_id)
     ORDER BY j.priority, j.last_run NULLS FIRST, j.created_at, j.job_id
     LIMIT 5;
END;
$$;
COMMENT ON FUNCTION claude.get_due_jobs(text) IS
'The jobs to run now (at most 5): active, not RUNNING, of the given project or of no project (project_name NULL: every project), and due:
session_start jobs whose trigger_condition holds (days_since_last_run / hours_since_last_run since last_run; {} always holds; never run always holds),
schedule jobs whose next_run has passed, and jobs whose retry is pending once retry_at has passed (a pending retry replaces the trigger until then).
on_demand and session_end jobs are never listed (see get_session_end_jobs). Ordered by priority (1 first), then never run first, then oldest last_run.
Errors: P0002 unknown project_name; 22001 project_name over 200 characters.';
REVOKE ALL ON FUNCTION claude.get_due_jobs(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_due_jobs(text) TO claude_agent;
