CREATE OR REPLACE FUNCTION claude.check_paths(
    project_name text,
    paths        text[],
    session_id   uuid DEFAULT NULL
)
RETURNS SETOF claude.live_leases
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_paths    text[];
    v_identity uuid;
BEGIN
    PERFORM claude._check_project_name(check_paths.project_name, 'A project name is at most 200 characters.');
    PERFORM claude._check_list('paths', check_paths.paths, 1000, 1024, 262144,
                               'At most 1,000 paths of up to 1,024 characters: check folders (''src/**'') or fewer paths at a time.');
    SELECT array_agg(DISTINCT claude._lease_path(p)) INTO v_paths FROM unnest(check_paths.paths) AS p;
    IF v_paths IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'paths is required: at least one path',
            HINT = 'Pass paths => ARRAY[''src/app.py''] (relative to the project root).';
    END IF;
    PERFORM claude._project_id_of(check_paths.project_name, 'Pass the name of a project with sessions (a session start registers it).');
    v_identity := claude._session_identity(check_paths.session_id,
        'Pass your session''s id to leave out your own leases, or no session_id to see every holder.');
    RETURN QUERY
    SELECT v.*
      FROM claude.live_leases v
     WHERE v.project_name = check_paths.project_name
       AND v.identity_id IS DISTINCT FROM v_identity
       AND EXISTS (SELECT 1 FROM unnest(v_paths) AS p
                    -- the literal prefixes (up to the first * or ?) must agree: a cheap
                    -- filter before the exact decision (claude._glob_overlap starts the same way)
                    WHERE (starts_with(p, substring(v.path FROM '^[^*?]*'))
                           OR starts_with(v.path, substring(p FROM '^[^*?]*')))
                      AND claude._glob_overlap(p, v.path))
     ORDER BY v.path, v.identity_name;
END;
$$;
COMMENT ON FUNCTION claude.check_paths(text, text[], uuid) IS
'The live leases of other identities (than session_id''s, when given) that overlap the paths (globs relative to the project root), with holder, expiry and exclusive or shared. Read-only: what acquire_lease would conflict with, and what the edit guards ask.
Parameters:
- project_name: the project.
- paths: paths or globs, relative to its root.
- session_id: yours, to leave your leases out.

Errors: P0002 unknown project or session; 22023 no paths, a blank, absolute or .. path; 22001 over 1,000 paths, a path over 1,024 characters (262,144 in all), project_name over 200.';
REVOKE ALL ON FUNCTION claude.check_paths(text, text[], uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.check_paths(text, text[], uuid) TO claude_agent;
