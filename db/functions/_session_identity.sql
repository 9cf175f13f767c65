-- Private helper: the identity of a session, NULL for a NULL session.  An
-- unknown session is P0002 "session ... does not exist" with p_unknown_hint,
-- or NULL when p_unknown_hint is NULL (the triggers leave it to the foreign
-- key).  The one lookup of _authorize_session, check_paths, _message_reader,
-- the receipts guard and the new-message notification.  PL/pgSQL, not SQL:
-- its plan is cached for the session.
CREATE OR REPLACE FUNCTION claude._session_identity(p_session_id uuid, p_unknown_hint text)
RETURNS uuid
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_identity uuid;
BEGIN
    IF p_session_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT s.identity_id INTO v_identity FROM claude.sessions s WHERE s.session_id = p_session_id;
    IF NOT FOUND AND p_unknown_hint IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('session %s does not exist', p_session_id),
            HINT = p_unknown_hint;
    END IF;
    RETURN v_identity;
END;
$$;
COMMENT ON FUNCTION claude._session_identity(uuid, text) IS 'Private: the identity_id of a session; NULL for a NULL session; an unknown one is P0002 with p_unknown_hint (NULL when p_unknown_hint is NULL).';
REVOKE ALL ON FUNCTION claude._session_identity(uuid, text) FROM PUBLIC;
