CREATE OR REPLACE VIEW claude.recent_activity AS
SELECT a.id,
       a.created_at,
       a.severity,
       array_position(claude._activity_severities(), a.severity::text) AS severity_rank,
       a.severity IN ('warning', 'error') AS needs_attention,
       a.source_type,
       a.source_id,
       a.actor,
       a.activity_type,
       a.title,
       a.summary,
       a.project_name,
       a.caused_by_login
  FROM claude.activity_feed a
 WHERE a.created_at >= now() - interval '7 days'
 ORDER BY a.created_at DESC, a.id;
COMMENT ON VIEW claude.recent_activity IS 'Activity of the last 7 days, newest first. severity_rank is the position in claude._activity_severities() (1: error, the most severe); needs_attention is true for warnings and errors.';
COMMENT ON COLUMN claude.recent_activity.id IS 'Activity id';
COMMENT ON COLUMN claude.recent_activity.created_at IS 'When it happened';
COMMENT ON COLUMN claude.recent_activity.severity IS 'One of claude._activity_severities()';
COMMENT ON COLUMN claude.recent_activity.severity_rank IS 'Position in claude._activity_severities(), 1 = error (sort key)';
COMMENT ON COLUMN claude.recent_activity.needs_attention IS 'true for warnings and errors';
COMMENT ON COLUMN claude.recent_activity.source_type IS 'Domain of the row it is about';
COMMENT ON COLUMN claude.recent_activity.source_id IS 'Primary key of that row';
COMMENT ON COLUMN claude.recent_activity.actor IS 'Who did it';
COMMENT ON COLUMN claude.recent_activity.activity_type IS 'What happened';
COMMENT ON COLUMN claude.recent_activity.title IS 'One-line description';
COMMENT ON COLUMN claude.recent_activity.summary IS 'Details';
COMMENT ON COLUMN claude.recent_activity.project_name IS 'Project, if any';
COMMENT ON COLUMN claude.recent_activity.caused_by_login IS 'The PostgreSQL login that caused it (filled by the database; NULL before logins were recorded)';
