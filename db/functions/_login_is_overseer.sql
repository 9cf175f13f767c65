-- Private helper of the messages trigger: whether the connection's login
-- (session_user) is a human overseer, i.e. a member of claude_overseer.
-- pg_has_role is true for a superuser and every role, so superusers are
-- excluded: an overseer is a person's own login, never the owner's.
CREATE OR REPLACE FUNCTION claude._login_is_overseer()
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(pg_has_role(session_user, 'claude_overseer', 'MEMBER')
                    AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false);
$$;
COMMENT ON FUNCTION claude._login_is_overseer() IS 'Private: true when the connection''s login (session_user) is a member of claude_overseer and not a superuser.';
REVOKE ALL ON FUNCTION claude._login_is_overseer() FROM PUBLIC;
