-- Mission Control Web: the run history of every job, newest first.
CREATE OR REPLACE VIEW claude.job_runs AS
SELECT h.run_id,
       h.job_id,
       j.job_name,
       p.project_name,
       h.session_id,
       i.identity_name,
       h.attempt,
       h.started_at,
       h.finished_at,
       h.status,
       h.duration,
       h.output,
       h.error
  FROM claude.job_run_history h
  JOIN claude.scheduled_jobs j ON j.job_id = h.job_id
  LEFT JOIN claude.projects p ON p.project_id = j.project_id
  LEFT JOIN claude.sessions s ON s.session_id = h.session_id
  LEFT JOIN claude.identities i ON i.identity_id = s.identity_id
 ORDER BY h.started_at DESC, h.run_id;
COMMENT ON VIEW claude.job_runs IS 'job_run_history for Mission Control Web: one row per run with its job, project, session identity, attempt, times, status, duration, output and error; newest first.';
