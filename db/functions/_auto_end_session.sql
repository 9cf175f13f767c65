-- Private helper: end an active session on the agent's behalf (abandoned
-- session, or superseded by a new start) with an automatic summary, and log a
-- `warning` activity (session_auto_ended) beside the trigger's session_ended.
-- Returns false (and does nothing) when the session is unknown or already ended.
CREATE OR REPLACE FUNCTION claude._auto_end_session(p_session_id uuid, p_reason text)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    v_row     claude.sessions%ROWTYPE;
    v_name    claude.identities.identity_name%TYPE;
    v_summary text;
BEGIN
    SELECT s.* INTO v_row
      FROM claude.sessions s
     WHERE s.session_id = p_session_id AND s.session_end IS NULL
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    v_name := claude._identity_name(v_row.identity_id);
    v_summary := format('Ended automatically: %s.', coalesce(nullif(btrim(p_reason), ''), 'no reason given'));

    UPDATE claude.sessions s
       SET session_end = greatest(now(), s.session_start),
           session_summary = v_summary
     WHERE s.session_id = p_session_id;

    PERFORM claude._insert_activity('session', p_session_id, v_name, 'session_auto_ended',
            format('Session of %s on %s was ended automatically', v_name, v_row.project_name),
            v_summary, v_row.project_name, 'warning');
    RETURN true;
END;
$$;
COMMENT ON FUNCTION claude._auto_end_session(uuid, text) IS 'Private: end an active session with an automatic summary and a warning activity; false if it is not active.';
REVOKE ALL ON FUNCTION claude._auto_end_session(uuid, text) FROM PUBLIC;
