-- Mission Control Web: the scheduler page, one row per job.
CREATE OR REPLACE VIEW claude.scheduler AS
SELECT j.job_id,
       j.job_name,
       j.job_description,
       j.job_type,
       p.project_name,
       j.trigger_type,
       j.trigger_condition,
       j.schedule,
       j.priority,
       j.is_active,
       j.last_run,
       CASE WHEN j.retry_at IS NOT NULL THEN j.retry_at ELSE j.next_run END AS next_run,
       j.last_status,
       j.last_error,
       j.run_count,
       j.success_count,
       round(j.success_count::numeric / nullif(j.run_count, 0), 4) AS success_rate,
       r.average_duration,
       j.retry_on_failure,
       j.retry_count,
       j.max_retries,
       j.retry_at,
       j.timeout_seconds,
       j.created_at,
       j.updated_at,
       extract(epoch FROM r.average_duration)::double precision AS average_duration_seconds
  FROM claude.scheduled_jobs j
  LEFT JOIN claude.projects p ON p.project_id = j.project_id
  LEFT JOIN LATERAL (
        SELECT avg(h.duration) AS average_duration
          FROM claude.job_run_history h
         WHERE h.job_id = j.job_id AND h.status <> 'RUNNING'
  ) r ON true;
COMMENT ON VIEW claude.scheduler IS 'Scheduled jobs for Mission Control Web: trigger, schedule, last run, next run (retry_at while a retry is pending), last status, success rate (success_count / run_count, NULL before the first run) and average duration of finished runs.';
COMMENT ON COLUMN claude.scheduler.job_id IS 'Primary key';
COMMENT ON COLUMN claude.scheduler.job_name IS 'Unique name';
COMMENT ON COLUMN claude.scheduler.job_description IS 'What it does';
COMMENT ON COLUMN claude.scheduler.job_type IS 'One of claude._job_types()';
COMMENT ON COLUMN claude.scheduler.project_name IS 'Project, if any';
COMMENT ON COLUMN claude.scheduler.trigger_type IS 'One of claude._job_trigger_types()';
COMMENT ON COLUMN claude.scheduler.trigger_condition IS 'When a session_start job is due';
COMMENT ON COLUMN claude.scheduler.schedule IS 'Cron expression (schedule jobs)';
COMMENT ON COLUMN claude.scheduler.priority IS 'Lower runs first';
COMMENT ON COLUMN claude.scheduler.is_active IS 'false when disabled';
COMMENT ON COLUMN claude.scheduler.last_run IS 'Start of the last run';
COMMENT ON COLUMN claude.scheduler.next_run IS 'Next scheduled run (retry_at while a retry is pending)';
COMMENT ON COLUMN claude.scheduler.last_status IS 'Result of the last run';
COMMENT ON COLUMN claude.scheduler.last_error IS 'Error of the last run';
COMMENT ON COLUMN claude.scheduler.run_count IS 'Runs so far';
COMMENT ON COLUMN claude.scheduler.success_count IS 'Successful runs';
COMMENT ON COLUMN claude.scheduler.success_rate IS 'success_count / run_count, 0..1 (NULL before the first run)';
COMMENT ON COLUMN claude.scheduler.average_duration IS 'Average duration of finished runs (interval)';
COMMENT ON COLUMN claude.scheduler.retry_on_failure IS 'Retry FAILED and TIMEOUT runs';
COMMENT ON COLUMN claude.scheduler.retry_count IS 'Retries of the current failure';
COMMENT ON COLUMN claude.scheduler.max_retries IS 'Retries before giving up';
COMMENT ON COLUMN claude.scheduler.retry_at IS 'When the pending retry is due';
COMMENT ON COLUMN claude.scheduler.timeout_seconds IS 'Time limit of a run';
COMMENT ON COLUMN claude.scheduler.created_at IS 'When it was created';
COMMENT ON COLUMN claude.scheduler.updated_at IS 'Last change';
COMMENT ON COLUMN claude.scheduler.average_duration_seconds IS 'Average duration of finished runs, in seconds';
