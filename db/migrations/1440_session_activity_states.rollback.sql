ALTER TABLE claude.sessions
    DROP CONSTRAINT sessions_activity_state_is_known,
    ADD CONSTRAINT sessions_activity_state_is_known CHECK (activity_state IN ('working', 'idle'));
