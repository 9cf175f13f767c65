CREATE OR REPLACE FUNCTION claude.get_active_identities()
RETURNS SETOF claude.identities
LANGUAGE sql
STABLE
AS $$
    SELECT i.*
      FROM claude.identities i
     WHERE i.status = 'active'
     ORDER BY i.last_active_at DESC NULLS LAST, i.identity_name;
$$;
COMMENT ON FUNCTION claude.get_active_identities() IS
'List the active identities, most recently active first (never active last, then by name).';
REVOKE ALL ON FUNCTION claude.get_active_identities() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_active_identities() TO claude_agent;
