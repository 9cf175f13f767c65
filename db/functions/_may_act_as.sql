-- Private helper: the rule of docs/RULES.md, "Identity from the connection" as a predicate.  The login of this
-- connection (session_user: a SECURITY DEFINER function changes current_user
-- to its owner, never session_user) may act as an identity when
--   it is bound to that identity, or
--   it is a member of claude_admin (a superuser counts as one), or
--   neither it nor the identity is bound to any login (a single-user
--   machine needs no setup).
-- Unknown or NULL identities: false for the caller to report (see
-- _authorize_identity, which raises P0002 first).
CREATE OR REPLACE FUNCTION claude._may_act_as(p_identity_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
    SELECT CASE
               WHEN t.login_role = session_user THEN true
               WHEN pg_has_role(session_user, 'claude_admin', 'MEMBER') THEN true
               ELSE t.login_role IS NULL
                    AND NOT EXISTS (SELECT 1 FROM claude.identities c WHERE c.login_role = session_user)
           END
      FROM claude.identities t
     WHERE t.identity_id = p_identity_id;
$$;
COMMENT ON FUNCTION claude._may_act_as(uuid) IS 'Private: whether the connection''s login (session_user) may act as the identity: bound to it, a member of claude_admin, or both unbound (docs/RULES.md, "Identity from the connection"). NULL for an unknown identity.';
REVOKE ALL ON FUNCTION claude._may_act_as(uuid) FROM PUBLIC;
