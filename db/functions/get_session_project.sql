CREATE OR REPLACE FUNCTION claude.get_session_project(session_id uuid)
RETURNS text
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_project text;
BEGIN
    SELECT s.project_name::text INTO v_project FROM claude.sessions s WHERE s.session_id = get_session_project.session_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('session %s does not exist', coalesce(get_session_project.session_id::text, 'NULL')),
            HINT = 'Pass a session_id returned by start_session or get_active_session.';
    END IF;
    RETURN v_project;
END;
$$;
COMMENT ON FUNCTION claude.get_session_project(uuid) IS
'Return the project_name of a session (active or ended).
Errors: P0002 unknown session.';
REVOKE ALL ON FUNCTION claude.get_session_project(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_session_project(uuid) TO claude_agent;
