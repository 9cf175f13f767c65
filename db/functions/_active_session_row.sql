-- Private helper: the row of an active session, locked against a concurrent
-- end (FOR NO KEY UPDATE); P0002 when unknown, 55000 when it has ended, 42501
-- when the connection's login may not act as its identity (docs/RULES.md, "Identity from the connection").
CREATE OR REPLACE FUNCTION claude._active_session_row(p_session_id uuid, p_action text)
RETURNS claude.sessions
LANGUAGE plpgsql
AS $$
DECLARE
    v_session claude.sessions;
BEGIN
    SELECT s.* INTO v_session
      FROM claude.sessions s
     WHERE s.session_id = p_session_id
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('session %s does not exist', coalesce(p_session_id::text, 'NULL')),
            HINT = 'Pass the session_id of an active session (claude-gateway startup prints it).';
    END IF;
    PERFORM claude._authorize_identity(v_session.identity_id);
    IF v_session.session_end IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('session %s ended at %s; cannot %s', p_session_id, v_session.session_end, p_action),
            HINT = 'Start a new session (the SessionStart hook or claude.start_session).';
    END IF;
    RETURN v_session;
END;
$$;
COMMENT ON FUNCTION claude._active_session_row(uuid, text) IS 'Private: the locked row of an active session; P0002 unknown, 42501 not the caller''s to act as (claude._authorize_identity), 55000 ended.';
REVOKE ALL ON FUNCTION claude._active_session_row(uuid, text) FROM PUBLIC;
