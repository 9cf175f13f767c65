CREATE OR REPLACE FUNCTION claude.touch_session(
    session_id     uuid,
    activity_state text DEFAULT 'working'
)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_session claude.sessions;
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('activity_state', touch_session.activity_state, 20, 'Pass one of the session activity states.');
    PERFORM claude._check_one_of('activity_state', touch_session.activity_state, claude._session_activity_states());
    v_session := claude._active_session_row(touch_session.session_id, 'mark it seen');
    PERFORM claude._mark_session_seen(v_session.session_id, touch_session.activity_state);
    UPDATE claude.identities i
       SET last_active_at = greatest(i.last_active_at, now())
     WHERE i.identity_id = v_session.identity_id;
END;
$$;
COMMENT ON FUNCTION claude.touch_session(uuid, text) IS
'Mark an active session as seen now (last_seen_at) and record what its agent is doing: the liveness heartbeat of the hooks and the MCP server.
Parameters:
- session_id: the active session that showed a sign of life.
- activity_state: working (a prompt or a tool ran) or idle (the agent''s turn ended; it waits for input).
claude.active_sessions shows liveness (working, idle, gone) from it; claude.end_abandoned_sessions ends sessions silent for too long.
Errors: P0002 unknown session; 42501 the login may not act as the session''s identity; 55000 the session has ended; 22023 an unknown activity_state; 22001 activity_state over 20 characters.';
REVOKE ALL ON FUNCTION claude.touch_session(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.touch_session(uuid, text) TO claude_agent;
