-- Private helper: the liveness heartbeat of a session (touch_session, and the
-- hooks' calls that show it something: deliver_new_messages, session_context):
-- last_seen_at moves to now (never back) and activity_state records what its
-- agent is doing.  PL/pgSQL, not SQL: it runs on every prompt, and its plan
-- is cached for the session (a SQL function with a SET clause is never
-- inlined and plans its statement on every call).
CREATE OR REPLACE FUNCTION claude._mark_session_seen(p_session_id uuid, p_activity_state text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE claude.sessions s
       SET last_seen_at = greatest(coalesce(s.last_seen_at, s.session_start), now()),
           activity_state = p_activity_state
     WHERE s.session_id = p_session_id;
END;
$$;
COMMENT ON FUNCTION claude._mark_session_seen(uuid, text) IS 'Private: mark a session seen now (last_seen_at, never moved back) with its agent''s activity_state.';
REVOKE ALL ON FUNCTION claude._mark_session_seen(uuid, text) FROM PUBLIC;
