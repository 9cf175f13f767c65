CREATE OR REPLACE VIEW claude.identities_overview AS
SELECT i.identity_id,
       i.identity_name,
       i.platform,
       i.role_description,
       i.status,
       i.created_at,
       i.last_active_at,
       coalesce(st.session_count, 0) AS session_count,
       st.active_session_id,
       st.active_project_name,
       st.last_session_start
  FROM claude.identities i
  LEFT JOIN LATERAL (
        SELECT count(*)::integer AS session_count,
               (array_agg(s.session_id) FILTER (WHERE s.session_end IS NULL))[1] AS active_session_id,
               (array_agg(s.project_name::text) FILTER (WHERE s.session_end IS NULL))[1] AS active_project_name,
               max(s.session_start) AS last_session_start
          FROM claude.sessions s
         WHERE s.identity_id = i.identity_id
       ) st ON true
 ORDER BY i.status, i.last_active_at DESC NULLS LAST, i.identity_name;
COMMENT ON VIEW claude.identities_overview IS 'Every identity, active first (most recently active first), with its status, last activity, number of sessions and its active session and project, if any.';
COMMENT ON COLUMN claude.identities_overview.identity_id IS 'Primary key';
COMMENT ON COLUMN claude.identities_overview.identity_name IS 'Name (unique among active identities)';
COMMENT ON COLUMN claude.identities_overview.platform IS 'Platform';
COMMENT ON COLUMN claude.identities_overview.role_description IS 'What it does';
COMMENT ON COLUMN claude.identities_overview.status IS 'active or archived';
COMMENT ON COLUMN claude.identities_overview.created_at IS 'When it was registered';
COMMENT ON COLUMN claude.identities_overview.last_active_at IS 'Last activity';
COMMENT ON COLUMN claude.identities_overview.session_count IS 'Sessions so far';
COMMENT ON COLUMN claude.identities_overview.active_session_id IS 'Its active session, if any';
COMMENT ON COLUMN claude.identities_overview.active_project_name IS 'Project of the active session';
COMMENT ON COLUMN claude.identities_overview.last_session_start IS 'Start of its latest session';
