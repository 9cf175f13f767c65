-- Mission Control Web: every session, active or ended, with durations in seconds.
CREATE OR REPLACE VIEW claude.session_history AS
SELECT s.session_id, s.identity_id, i.identity_name, i.platform, s.project_name,
       s.session_start, s.session_end, s.session_end IS NULL AS is_active,
       extract(epoch FROM coalesce(s.session_end, now()) - s.session_start)::double precision AS duration_seconds,
       coalesce(a.liveness, 'ended') AS liveness,
       s.session_summary, s.tasks_completed, s.learnings_gained, s.challenges_encountered
  FROM claude.sessions s
  JOIN claude.identities i ON i.identity_id = s.identity_id
  LEFT JOIN claude.active_sessions a ON a.session_id = s.session_id;
COMMENT ON VIEW claude.session_history IS 'Every session, active or ended, for Mission Control Web; durations in seconds.';
COMMENT ON COLUMN claude.session_history.session_id IS 'Primary key';
COMMENT ON COLUMN claude.session_history.identity_id IS 'The identity';
COMMENT ON COLUMN claude.session_history.identity_name IS 'Its name';
COMMENT ON COLUMN claude.session_history.platform IS 'Its platform';
COMMENT ON COLUMN claude.session_history.project_name IS 'Project worked on';
COMMENT ON COLUMN claude.session_history.session_start IS 'Start';
COMMENT ON COLUMN claude.session_history.session_end IS 'End (NULL while active)';
COMMENT ON COLUMN claude.session_history.is_active IS 'true while the session has not ended';
COMMENT ON COLUMN claude.session_history.duration_seconds IS 'Seconds from start to end (to now while active)';
COMMENT ON COLUMN claude.session_history.liveness IS 'working, idle or gone while active (as claude.active_sessions.liveness defines them), ended once ended';
COMMENT ON COLUMN claude.session_history.session_summary IS 'Summary given at the end';
COMMENT ON COLUMN claude.session_history.tasks_completed IS 'Tasks completed';
COMMENT ON COLUMN claude.session_history.learnings_gained IS 'Learnings';
COMMENT ON COLUMN claude.session_history.challenges_encountered IS 'Challenges';
