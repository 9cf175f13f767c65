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
       s.session_metadata
  FROM claude.sessions s
  JOIN claude.identities i ON i.identity_id = s.identity_id
 WHERE s.session_end IS NULL
 ORDER BY s.session_start DESC;
COMMENT ON VIEW claude.active_sessions IS 'Sessions in progress (session_end IS NULL) with their identity''s name and platform and how long they have run (duration = now() - session_start), newest first.';
