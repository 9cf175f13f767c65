CREATE OR REPLACE FUNCTION claude.ensure_identity(
    identity_name    text,
    platform         text,
    role_description text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_id    uuid;
    v_bound claude.identities.identity_name%TYPE;
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('identity_name', ensure_identity.identity_name, 100, 'Use a shorter identity name.');
    PERFORM claude._check_length('platform', ensure_identity.platform, 50, 'Use a shorter platform name.');
    PERFORM claude._check_length('role_description', ensure_identity.role_description, 65536, 'Describe the role in at most 65,536 characters.');
    v_id := claude.get_identity_id(identity_name => ensure_identity.identity_name);
    IF v_id IS NOT NULL THEN
        RETURN v_id;
    END IF;
    -- A login bound to an identity acts only as it: it registers nothing.
    v_bound := claude._identity_name(claude.whoami());
    IF v_bound IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('this login is bound to identity %L and may not act as %L', v_bound, ensure_identity.identity_name),
            HINT = format('Act as %L (leave --identity out), or connect with the login bound to %L.', v_bound, ensure_identity.identity_name);
    END IF;
    BEGIN
        RETURN claude.register_identity(identity_name => ensure_identity.identity_name,
                                        platform => ensure_identity.platform,
                                        role_description => ensure_identity.role_description);
    EXCEPTION WHEN unique_violation THEN
        -- registered meanwhile by a concurrent first start: use that one
        v_id := claude.get_identity_id(identity_name => ensure_identity.identity_name);
        IF v_id IS NULL THEN
            RAISE;
        END IF;
        RETURN v_id;
    END;
END;
$$;
COMMENT ON FUNCTION claude.ensure_identity(text, text, text) IS
'Return the identity_id of the active identity called identity_name, registering it (claude.register_identity
with platform and role_description) when there is none; two concurrent first calls get the same identity.
Errors: 42501 when the login is bound to another identity (it registers nothing); as register_identity when it
registers (22023 empty name or platform); 22001 identity_name over 100, platform over 50 or role_description
over 65,536 characters.';
REVOKE ALL ON FUNCTION claude.ensure_identity(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.ensure_identity(text, text, text) TO claude_agent;
