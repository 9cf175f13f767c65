CREATE OR REPLACE VIEW claude.active_sessions AS
SELECT s.session_id,
       s.identity_id,
       i.identity_name,
       i.platform,
       s.project_name,
       s.project_schema,
       s.session_start,
       now() - s.session_start AS duration,
       i.last_active_at,
       s.session_metadata,
       coalesce(s.last_seen_at, s.session_start) AS last_seen_at,
       s.activity_state,
       -- The one place that says when a session counts as working, idle or gone.
       CASE WHEN coalesce(s.last_seen_at, s.session_start) < now() - interval '2 hours' THEN 'gone'
            WHEN s.activity_state = 'idle'
              OR coalesce(s.last_seen_at, s.session_start) < now() - interval '10 minutes' THEN 'idle'
            ELSE 'working' END AS liveness,
       extract(epoch FROM now() - s.session_start)::double precision AS duration_seconds
  FROM claude.sessions s
  JOIN claude.identities i ON i.identity_id = s.identity_id
 WHERE s.session_end IS NULL
 ORDER BY s.session_start DESC;
COMMENT ON VIEW claude.active_sessions IS 'Sessions in progress (session_end IS NULL) with their identity''s name and platform and how long they have run (duration = now() - session_start), newest first.';
COMMENT ON COLUMN claude.active_sessions.last_seen_at IS 'Last sign of life: a hook or MCP tool call (claude.touch_session), else the session start';
COMMENT ON COLUMN claude.active_sessions.activity_state IS 'What the agent reported last: one of claude._session_activity_states()';
COMMENT ON COLUMN claude.active_sessions.liveness IS 'working (seen within 10 minutes), idle (its turn ended, or silent 10 minutes) or gone (silent longer than 2 hours: crashed or closed without SessionEnd)';
COMMENT ON COLUMN claude.active_sessions.session_id IS 'Primary key of the session';
COMMENT ON COLUMN claude.active_sessions.identity_id IS 'The identity';
COMMENT ON COLUMN claude.active_sessions.identity_name IS 'Its name';
COMMENT ON COLUMN claude.active_sessions.platform IS 'Its platform';
COMMENT ON COLUMN claude.active_sessions.project_name IS 'Project worked on';
COMMENT ON COLUMN claude.active_sessions.project_schema IS 'Project schema, if any';
COMMENT ON COLUMN claude.active_sessions.session_start IS 'Start';
COMMENT ON COLUMN claude.active_sessions.duration IS 'Time since the start (interval)';
COMMENT ON COLUMN claude.active_sessions.last_active_at IS 'When the identity was last active';
COMMENT ON COLUMN claude.active_sessions.session_metadata IS 'Extra session data';
COMMENT ON COLUMN claude.active_sessions.duration_seconds IS 'Time since the start, in seconds';
