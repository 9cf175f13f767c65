CREATE OR REPLACE FUNCTION claude.bind_identity(identity_id uuid, login_role name)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_identity claude.identities;
    v_other    claude.identities.identity_name%TYPE;
    v_can      boolean;
BEGIN
    IF bind_identity.identity_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'identity_id is required',
            HINT = 'Pass the identity to bind (claude.get_active_identities() lists them).';
    END IF;
    v_identity := claude._lock_identity(bind_identity.identity_id, NULL);

    IF bind_identity.login_role IS NOT NULL THEN
        SELECT r.rolcanlogin INTO v_can FROM pg_roles r WHERE r.rolname = bind_identity.login_role;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002',
                MESSAGE = format('role %I does not exist', bind_identity.login_role),
                HINT = 'Create the login first: CREATE ROLE ... LOGIN PASSWORD ... IN ROLE claude_agent (or `claude-gateway agent add NAME`).';
        END IF;
        IF NOT v_can THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('role %I is not a LOGIN role', bind_identity.login_role),
                HINT = 'Bind a role that can log in; group roles such as claude_agent cannot be bound.';
        END IF;
        IF v_identity.status <> 'active' THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = format('identity %L (%s) is %s and cannot be bound', v_identity.identity_name,
                                 v_identity.identity_id, v_identity.status),
                HINT = 'Bind an active identity; an archived one can only be unbound (login_role => NULL).';
        END IF;
        SELECT o.identity_name INTO v_other
          FROM claude.identities o
         WHERE o.login_role = bind_identity.login_role AND o.identity_id <> bind_identity.identity_id;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '23505',
                MESSAGE = format('login %I is already bound to identity %L', bind_identity.login_role, v_other),
                HINT = 'One identity per login: unbind the other first (claude.bind_identity(identity_id => ..., login_role => NULL)).';
        END IF;
    END IF;

    -- The unique index identities_login_role_idx is the guarantee under
    -- concurrency; the check above only names the other identity.
    UPDATE claude.identities i
       SET login_role = bind_identity.login_role
     WHERE i.identity_id = bind_identity.identity_id;
END;
$$;
COMMENT ON FUNCTION claude.bind_identity(uuid, name) IS
'Bind an identity to a PostgreSQL LOGIN role, or unbind it with login_role => NULL (admin only).
From then on only that login (or a claude_admin member) may act as the identity, and the login may act as no other identity (42501 otherwise): see claude.whoami().
One login per identity, one identity per login (a unique index). Rebinding replaces the identity''s previous login.
Errors: 22023 identity_id missing, or the role cannot log in; P0002 unknown identity or role; 55000 binding an archived identity; 23505 the login is bound to another identity.';
REVOKE ALL ON FUNCTION claude.bind_identity(uuid, name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.bind_identity(uuid, name) TO claude_admin;
