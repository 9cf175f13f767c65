CREATE OR REPLACE FUNCTION claude.get_active_session(identity_id uuid)
RETURNS uuid
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    PERFORM FROM claude.identities i WHERE i.identity_id = get_active_session.identity_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('identity %s does not exist', coalesce(get_active_session.identity_id::text, 'NULL')),
            HINT = 'Register it first with claude.register_identity(...).';
    END IF;
    RETURN claude._active_session_of(get_active_session.identity_id);
END;
$$;
COMMENT ON FUNCTION claude.get_active_session(uuid) IS
'Return the active session_id of an identity, or NULL when it has none.
Errors: P0002 unknown identity.';
REVOKE ALL ON FUNCTION claude.get_active_session(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_active_session(uuid) TO claude_agent;
