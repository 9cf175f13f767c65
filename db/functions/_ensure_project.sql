-- Private helper: register a project name once and return its id.
-- Used by every tool that accepts a new project name (start_session, ...).
CREATE OR REPLACE FUNCTION claude._ensure_project(p_project_name text, p_project_schema text DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_id uuid;
BEGIN
    PERFORM claude._check_project_name(p_project_name);
    PERFORM claude._check_project_schema(p_project_schema);
    PERFORM claude._check_name('project_name', p_project_name,
        'Pass the name of the project, e.g. the git repository''s name.');
    SELECT project_id INTO v_id FROM claude.projects WHERE project_name = p_project_name;
    IF FOUND THEN
        RETURN v_id;
    END IF;
    INSERT INTO claude.projects (project_name, project_schema)
    VALUES (p_project_name, p_project_schema)
    ON CONFLICT (project_name) DO NOTHING
    RETURNING project_id INTO v_id;
    IF v_id IS NULL THEN  -- a concurrent caller registered it first
        SELECT project_id INTO v_id FROM claude.projects WHERE project_name = p_project_name;
    END IF;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude._ensure_project(text, text) IS 'Private: register a project name (idempotent, concurrency-safe) and return its project_id.';
REVOKE ALL ON FUNCTION claude._ensure_project(text, text) FROM PUBLIC;
