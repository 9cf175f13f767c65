-- Private helper: a function that acts as a session acts as its identity.
-- Returns that identity after claude._authorize_identity; NULL gives NULL
-- (the caller decides whether the argument is required); unknown is P0002.
CREATE OR REPLACE FUNCTION claude._authorize_session(p_session_id uuid)
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
    v_identity := claude._session_identity(p_session_id, 'Pass a session_id returned by start_session or session_startup.');
    PERFORM claude._authorize_identity(v_identity);
    RETURN v_identity;
END;
$$;
COMMENT ON FUNCTION claude._authorize_session(uuid) IS 'Private: the session''s identity, after claude._authorize_identity (42501 when the connection''s login may not act as it); P0002 unknown session; NULL gives NULL.';
REVOKE ALL ON FUNCTION claude._authorize_session(uuid) FROM PUBLIC;
