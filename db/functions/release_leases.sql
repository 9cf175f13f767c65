CREATE OR REPLACE FUNCTION claude.release_leases(session_id uuid)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_count integer;
BEGIN
    -- P0002 unknown session, 42501 when the login may not act as its identity.
    IF claude._authorize_session(release_leases.session_id) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = 'session NULL does not exist',
            HINT = 'Pass your session''s id (claude.get_active_session(identity_id => ...)).';
    END IF;
    UPDATE claude.file_leases l
       SET released_at = greatest(now(), l.acquired_at),
           release_cause = 'released'
     WHERE l.session_id = release_leases.session_id
       AND l.released_at IS NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;
COMMENT ON FUNCTION claude.release_leases(uuid) IS
'Release every lease the session still holds (live or expired) and return how many were released. Each logs a lease_released activity; ending a session does this by itself.
Parameters:
- session_id: your session.

Errors: P0002 unknown session; 42501 the session''s identity is not this login''s.';
REVOKE ALL ON FUNCTION claude.release_leases(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.release_leases(uuid) TO claude_agent;
