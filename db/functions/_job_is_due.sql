-- Private helper of get_due_jobs and claim_job(only_if_due => true): whether
-- a job is due now.  One definition, so that a runner claiming a job it saw
-- in get_due_jobs is refused once another runner has run it meanwhile.
CREATE OR REPLACE FUNCTION claude._job_is_due(p_job claude.scheduled_jobs)
RETURNS boolean
LANGUAGE sql
STABLE
-- No SET clause: the planner inlines this predicate into get_due_jobs' query
-- (a SET would make it a per-row function call).  Every name is qualified,
-- and both callers are SECURITY DEFINER with a fixed search_path.
AS $$
    SELECT p_job.is_active
       AND p_job.last_status IS DISTINCT FROM 'RUNNING'
       AND p_job.trigger_type IN ('session_start', 'schedule')
       AND CASE
             WHEN p_job.retry_at IS NOT NULL THEN p_job.retry_at <= now()
             WHEN p_job.trigger_type = 'schedule' THEN p_job.next_run <= now()
             ELSE (NOT p_job.trigger_condition ? 'days_since_last_run' OR p_job.last_run IS NULL
                   OR p_job.last_run <= now() - (p_job.trigger_condition ->> 'days_since_last_run')::numeric * interval '1 day')
              AND (NOT p_job.trigger_condition ? 'hours_since_last_run' OR p_job.last_run IS NULL
                   OR p_job.last_run <= now() - (p_job.trigger_condition ->> 'hours_since_last_run')::numeric * interval '1 hour')
           END
$$;
COMMENT ON FUNCTION claude._job_is_due(claude.scheduled_jobs) IS 'Private: a job is due when active, not RUNNING, session_start or schedule, and its pending retry_at has passed, else its next_run (schedule) has passed, else its trigger_condition holds against last_run (session_start).';
REVOKE ALL ON FUNCTION claude._job_is_due(claude.scheduled_jobs) FROM PUBLIC;
