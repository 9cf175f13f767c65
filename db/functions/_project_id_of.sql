-- Private helper: the project_id of an existing project name, P0002 otherwise
-- (the one "project %L does not exist" error; the caller may word the hint).
CREATE OR REPLACE FUNCTION claude._project_id_of(
    p_project_name text,
    p_hint text DEFAULT 'Pass the name of a known project (a session start registers it), or NULL for every project.')
RETURNS uuid
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_id uuid;
BEGIN
    SELECT p.project_id INTO v_id FROM claude.projects p WHERE p.project_name = p_project_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('project %L does not exist', p_project_name),
            HINT = p_hint;
    END IF;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude._project_id_of(text, text) IS 'Private: project_id of an existing project name; P0002 when unknown (with the caller''s hint, if given).';
REVOKE ALL ON FUNCTION claude._project_id_of(text, text) FROM PUBLIC;
