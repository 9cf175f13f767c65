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
       j.updated_at
  FROM claude.scheduled_jobs j
  LEFT JOIN claude.projects p ON p.project_id = j.project_id
  LEFT JOIN LATERAL (
        SELECT avg(h.duration) AS average_duration
          FROM claude.job_run_history h
         WHERE h.job_id = j.job_id AND h.status <> 'RUNNING'
  ) r ON true;
COMMENT ON VIEW claude.scheduler IS 'Scheduled jobs for Mission Control Web: trigger, schedule, last run, next run (retry_at while a retry is pending), last status, success rate (success_count / run_count, NULL before the first run) and average duration of finished runs.';
