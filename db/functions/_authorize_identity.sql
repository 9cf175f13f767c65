-- Private helper, called near the top of every function that acts as an
-- identity (through identity_id, session_id, from_session_id, as the reader
-- of a message, or as the named creator of a row): refuse with 42501 when the
-- connection's login may not act as it (claude._may_act_as, docs/RULES.md, "Identity from the connection").
-- NULL does nothing (the caller decides whether the argument is required);
-- an unknown identity is P0002.
CREATE OR REPLACE FUNCTION claude._authorize_identity(p_identity_id uuid)
RETURNS void
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_may         boolean;
    v_target      claude.identities.identity_name%TYPE;
    v_caller      claude.identities.identity_name%TYPE;
    v_caller_id   uuid;
BEGIN
    IF p_identity_id IS NULL THEN
        RETURN;
    END IF;
    v_may := claude._may_act_as(p_identity_id);
    IF v_may THEN
        RETURN;
    END IF;
    SELECT t.identity_name INTO v_target FROM claude.identities t WHERE t.identity_id = p_identity_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('identity %s does not exist', p_identity_id),
            HINT = 'Register it first with claude.register_identity(...), or list them with claude.get_active_identities().';
    END IF;
    SELECT c.identity_id, c.identity_name INTO v_caller_id, v_caller
      FROM claude.identities c WHERE c.login_role = session_user;
    IF v_caller_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('login %I is bound to no identity and may not act as identity %L (%s), which is bound to another login',
                             session_user, v_target, p_identity_id),
            HINT = 'Connect with the login bound to that identity (DATABASE_URL), or ask an admin: claude.bind_identity(identity_id, login_role).';
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = format('login %I acts as identity %L (%s) and may not act as identity %L (%s)',
                         session_user, v_caller, v_caller_id, v_target, p_identity_id),
        HINT = format('Use your own identity %L and its sessions (claude.whoami() returns it).', v_caller);
END;
$$;
COMMENT ON FUNCTION claude._authorize_identity(uuid) IS 'Private: raise 42501 (naming both identities) unless the connection''s login may act as the identity (bound to it, a claude_admin member, or both unbound); P0002 unknown identity; NULL does nothing.';
REVOKE ALL ON FUNCTION claude._authorize_identity(uuid) FROM PUBLIC;
