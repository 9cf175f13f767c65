CREATE OR REPLACE FUNCTION claude.whoami()
RETURNS uuid
LANGUAGE sql
STABLE
AS $$
    SELECT i.identity_id FROM claude.identities i WHERE i.login_role = session_user;
$$;
COMMENT ON FUNCTION claude.whoami() IS
'The identity_id bound to this connection''s login (session_user), or NULL when the login is bound to none (see claude.bind_identity).
A bound login may act only as that identity; an unbound login only as identities bound to no login; a claude_admin member as any.';
REVOKE ALL ON FUNCTION claude.whoami() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.whoami() TO claude_agent;
