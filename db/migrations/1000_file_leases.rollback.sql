-- Everything of the leases domain: its API and helpers (re-created by the
-- next migrate from db/functions, db/triggers, db/views), then its tables.
DROP TRIGGER IF EXISTS _800_release_leases ON claude.sessions;
DROP FUNCTION IF EXISTS claude.tg_sessions__release_leases();
DROP FUNCTION IF EXISTS claude.acquire_lease(uuid, text[], boolean, integer, text);
DROP FUNCTION IF EXISTS claude.renew_lease(uuid, integer);
DROP FUNCTION IF EXISTS claude.release_lease(uuid);
DROP FUNCTION IF EXISTS claude.release_leases(uuid);
DROP FUNCTION IF EXISTS claude.check_paths(text, text[], uuid);
DROP FUNCTION IF EXISTS claude._startup_leases(uuid);
DROP FUNCTION IF EXISTS claude._lease_row(uuid, text);
DROP VIEW IF EXISTS claude.live_leases;
DROP TABLE IF EXISTS claude.file_leases;
DROP TABLE IF EXISTS claude.file_lease_projects;
DROP FUNCTION IF EXISTS claude.tg_file_leases__guard();
DROP FUNCTION IF EXISTS claude.tg_file_leases__refuse_conflicts();
DROP FUNCTION IF EXISTS claude.tg_file_leases__log_activity();
DROP FUNCTION IF EXISTS claude._lock_lease_project(text);
DROP FUNCTION IF EXISTS claude._lease_path(text);
DROP FUNCTION IF EXISTS claude._glob_overlap(text, text);
DROP FUNCTION IF EXISTS claude._glob_segment_overlap(text, text);

-- The feed keeps the lease rows it recorded (it is immutable), so the
-- narrower enumeration only binds new rows.
COMMENT ON COLUMN claude.activity_feed.source_type IS 'Source category: session, message, job, test, feedback, commit, alert';
ALTER TABLE claude.activity_feed DROP CONSTRAINT activity_feed_source_type_is_known;
ALTER TABLE claude.activity_feed ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
    ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert')) NOT VALID;
ALTER TABLE claude.activity_feed_archive DROP CONSTRAINT activity_feed_source_type_is_known;
ALTER TABLE claude.activity_feed_archive ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
    ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert')) NOT VALID;
