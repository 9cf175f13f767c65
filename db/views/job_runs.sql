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
       h.error,
       extract(epoch FROM h.duration)::double precision AS duration_seconds
  FROM claude.job_run_history h
  JOIN claude.scheduled_jobs j ON j.job_id = h.job_id
  LEFT JOIN claude.projects p ON p.project_id = j.project_id
  LEFT JOIN claude.sessions s ON s.session_id = h.session_id
  LEFT JOIN claude.identities i ON i.identity_id = s.identity_id
 ORDER BY h.started_at DESC, h.run_id;
COMMENT ON VIEW claude.job_runs IS 'job_run_history for Mission Control Web: one row per run with its job, project, session identity, attempt, times, status, duration, output and error; newest first.';
COMMENT ON COLUMN claude.job_runs.run_id IS 'Primary key of the run';
COMMENT ON COLUMN claude.job_runs.job_id IS 'The job';
COMMENT ON COLUMN claude.job_runs.job_name IS 'Its name';
COMMENT ON COLUMN claude.job_runs.project_name IS 'Its project';
COMMENT ON COLUMN claude.job_runs.session_id IS 'Session that ran it, if any';
COMMENT ON COLUMN claude.job_runs.identity_name IS 'Identity of that session';
COMMENT ON COLUMN claude.job_runs.attempt IS '1 for the first try, 2.. for retries';
COMMENT ON COLUMN claude.job_runs.started_at IS 'Start';
COMMENT ON COLUMN claude.job_runs.finished_at IS 'End (NULL while RUNNING)';
COMMENT ON COLUMN claude.job_runs.status IS 'One of claude._job_statuses()';
COMMENT ON COLUMN claude.job_runs.duration IS 'finished_at - started_at (interval)';
COMMENT ON COLUMN claude.job_runs.output IS 'Output (cut)';
COMMENT ON COLUMN claude.job_runs.error IS 'Error (cut)';
COMMENT ON COLUMN claude.job_runs.duration_seconds IS 'Duration in seconds (NULL while RUNNING)';
