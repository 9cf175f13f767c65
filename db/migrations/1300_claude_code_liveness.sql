-- depends: 0001_schema
-- Claude Code in the loop: when a session was last seen and what it
-- was doing (liveness), and which messages were already put into its context
-- (mail injected mid-session at most once per gateway session).
-- Re-runnable (IF NOT EXISTS): its rollback keeps the columns and the table,
-- which hold data, so rolling back and applying again loses nothing.

ALTER TABLE claude.sessions
    ADD COLUMN IF NOT EXISTS last_seen_at   timestamptz,
    ADD COLUMN IF NOT EXISTS activity_state varchar(20) NOT NULL DEFAULT 'working';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'sessions_last_seen_is_after_start') THEN
        ALTER TABLE claude.sessions ADD CONSTRAINT sessions_last_seen_is_after_start
            CHECK (last_seen_at IS NULL OR last_seen_at >= session_start);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'sessions_activity_state_is_known') THEN
        ALTER TABLE claude.sessions ADD CONSTRAINT sessions_activity_state_is_known
            CHECK (activity_state IN ('working', 'idle'));
    END IF;
END $$;
COMMENT ON COLUMN claude.sessions.last_seen_at IS 'Last sign of life of the session (a hook or an MCP tool call: claude.touch_session); NULL: none since session_start';
COMMENT ON COLUMN claude.sessions.activity_state IS 'What the agent reported last: working (a prompt or a tool ran) or idle (its turn ended, it waits for input)';

CREATE TABLE IF NOT EXISTS claude.session_injections (
    session_id  uuid        NOT NULL,
    message_id  uuid        NOT NULL,
    injected_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_injections_pkey PRIMARY KEY (session_id, message_id),
    CONSTRAINT session_injections_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES claude.sessions (session_id) ON DELETE CASCADE,
    CONSTRAINT session_injections_message_id_fkey FOREIGN KEY (message_id)
        REFERENCES claude.messages (message_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS session_injections_message_id_idx ON claude.session_injections (message_id);
COMMENT ON TABLE claude.session_injections IS 'Messages already put into a session''s context (session start, compaction, or mid-session by the prompt hook): each message is injected at most once per session (the primary key).';
COMMENT ON COLUMN claude.session_injections.session_id IS 'The gateway session whose context received the message';
COMMENT ON COLUMN claude.session_injections.message_id IS 'The message injected';
COMMENT ON COLUMN claude.session_injections.injected_at IS 'When it was injected';
REVOKE ALL ON claude.session_injections FROM PUBLIC;
