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
