DROP TABLE IF EXISTS claude.session_injections;
ALTER TABLE claude.sessions
    DROP CONSTRAINT IF EXISTS sessions_activity_state_is_known,
    DROP CONSTRAINT IF EXISTS sessions_last_seen_is_after_start,
    DROP COLUMN IF EXISTS activity_state,
    DROP COLUMN IF EXISTS last_seen_at;
