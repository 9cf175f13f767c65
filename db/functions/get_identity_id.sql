CREATE OR REPLACE FUNCTION claude.get_identity_id(identity_name text)
RETURNS uuid
LANGUAGE sql
STABLE
AS $$
    SELECT claude._check_length('identity_name', get_identity_id.identity_name, 100, 'Identity names are at most 100 characters.');
    SELECT i.identity_id FROM claude.identities i
     WHERE i.identity_name = get_identity_id.identity_name AND i.status = 'active';
$$;
COMMENT ON FUNCTION claude.get_identity_id(text) IS
'Return the identity_id of the active identity called identity_name, or NULL when there is none (names are unique among active identities).
Errors: 22001 identity_name over 100 characters.';
REVOKE ALL ON FUNCTION claude.get_identity_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_identity_id(text) TO claude_agent;
