-- The role claude_overseer is cluster-wide and stays (another database may use it).
-- Views and functions that show the new columns are re-created by the next
-- migrate; CASCADE takes along any other view that shows them (message_history,
-- activity_history, session_history, ...), whichever views the sources hold.
DROP VIEW IF EXISTS claude.urgent_unread_messages;
DROP VIEW IF EXISTS claude.inbox CASCADE;
DROP VIEW IF EXISTS claude.recent_activity CASCADE;
DROP VIEW IF EXISTS claude.message_history CASCADE;  -- Mission Control Web's view shows from_overseer
DROP TRIGGER IF EXISTS _050_record_login ON claude.messages;
DROP TRIGGER IF EXISTS _050_record_login ON claude.activity_feed;
ALTER TABLE claude.activity_feed_archive DROP COLUMN IF EXISTS caused_by_login CASCADE;
ALTER TABLE claude.activity_feed DROP COLUMN IF EXISTS caused_by_login CASCADE;
ALTER TABLE claude.messages DROP COLUMN IF EXISTS from_overseer CASCADE;
ALTER TABLE claude.messages DROP COLUMN IF EXISTS sent_by_login CASCADE;
DROP INDEX IF EXISTS claude.identities_login_role_idx;
ALTER TABLE claude.identities DROP CONSTRAINT IF EXISTS identities_login_role_is_not_blank;
ALTER TABLE claude.identities DROP COLUMN IF EXISTS login_role CASCADE;
