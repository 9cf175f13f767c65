-- depends: 1300_claude_code_liveness 1400_allowed_values_defined_once
-- sessions.activity_state reads its allowed values from db/values/ too.
ALTER TABLE claude.sessions
    DROP CONSTRAINT sessions_activity_state_is_known,
    ADD CONSTRAINT sessions_activity_state_is_known
        CHECK (activity_state = ANY (claude._session_activity_states()));
