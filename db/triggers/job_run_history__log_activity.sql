-- job_completed / job_failed in the activity feed when a run finishes.
-- source_id is the job's id, not the run's: a job's activity is found by its job_id.
CREATE OR REPLACE FUNCTION claude.tg_job_run_history__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_job_name claude.scheduled_jobs.job_name%TYPE;
    v_project claude.projects.project_name%TYPE;
    v_actor claude.identities.identity_name%TYPE;
BEGIN
    SELECT j.job_name, p.project_name INTO v_job_name, v_project
      FROM claude.scheduled_jobs j LEFT JOIN claude.projects p ON p.project_id = j.project_id
     WHERE j.job_id = NEW.job_id;
    v_actor := (claude._session_names(NEW.session_id)).o_identity_name;
    PERFORM claude._insert_activity(
        'job', NEW.job_id, coalesce(v_actor, 'scheduler'),
        CASE WHEN NEW.status = 'SUCCESS' THEN 'job_completed' ELSE 'job_failed' END,
        CASE WHEN NEW.status = 'SUCCESS' THEN format('Job %s completed', v_job_name)
             ELSE format('Job %s failed (%s)', v_job_name, NEW.status) END,
        format('attempt %s, %s', NEW.attempt, NEW.duration)
            || CASE WHEN NEW.status <> 'SUCCESS' AND NEW.error IS NOT NULL
                    THEN ': ' || left(NEW.error, 1000) ELSE '' END,
        v_project,
        CASE WHEN NEW.status = 'SUCCESS' THEN 'success' ELSE 'error' END);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_job_run_history__log_activity() IS 'Trigger: log job_completed (success) or job_failed (FAILED/TIMEOUT, severity error) with source_type job and source_id = job_id when a run finishes.';
REVOKE ALL ON FUNCTION claude.tg_job_run_history__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
    AFTER UPDATE OF status ON claude.job_run_history
    FOR EACH ROW
    WHEN (OLD.status = 'RUNNING' AND NEW.status IN ('SUCCESS', 'FAILED', 'TIMEOUT'))
    EXECUTE FUNCTION claude.tg_job_run_history__log_activity();
