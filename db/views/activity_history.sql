-- Mission Control Web: every activity row, the live feed and its archive
-- together, newest first.  Page by the stable key (created_at, id):
--   WHERE (created_at, id) < ($last_created_at, $last_id) ORDER BY created_at DESC, id DESC LIMIT n
CREATE OR REPLACE VIEW claude.activity_history AS
SELECT a.id, a.created_at, a.severity, a.source_type, a.source_id, a.actor, a.activity_type,
       a.title, a.summary, a.project_name, false AS archived, NULL::timestamptz AS archived_at
  FROM claude.activity_feed a
UNION ALL
SELECT r.id, r.created_at, r.severity, r.source_type, r.source_id, r.actor, r.activity_type,
       r.title, r.summary, r.project_name, true AS archived, r.archived_at
  FROM claude.activity_feed_archive r;
COMMENT ON VIEW claude.activity_history IS 'Every activity row, live (activity_feed) and archived (older than the retention, activity_feed_archive), for Mission Control Web. Stable key: (created_at, id); page with WHERE (created_at, id) < (last_created_at, last_id) ORDER BY created_at DESC, id DESC.';
COMMENT ON COLUMN claude.activity_history.id IS 'Activity id (unique across the feed and the archive; with created_at, the paging key)';
COMMENT ON COLUMN claude.activity_history.created_at IS 'When it happened';
COMMENT ON COLUMN claude.activity_history.severity IS 'One of claude._activity_severities()';
COMMENT ON COLUMN claude.activity_history.source_type IS 'The domain of the row it is about (session, message, job, alert, ...)';
COMMENT ON COLUMN claude.activity_history.source_id IS 'Primary key of the row it is about';
COMMENT ON COLUMN claude.activity_history.actor IS 'Who did it (identity name, or the system)';
COMMENT ON COLUMN claude.activity_history.activity_type IS 'What happened (session_started, message_sent, job_failed, ...)';
COMMENT ON COLUMN claude.activity_history.title IS 'One-line description';
COMMENT ON COLUMN claude.activity_history.summary IS 'Details';
COMMENT ON COLUMN claude.activity_history.project_name IS 'Project it belongs to, if any';
COMMENT ON COLUMN claude.activity_history.archived IS 'true when the row was moved to the archive by archive_activity';
COMMENT ON COLUMN claude.activity_history.archived_at IS 'When it was archived (NULL while live)';
