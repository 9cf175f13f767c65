-- Private helper: the bound of a project's schema name (100 characters),
-- defined once for every function that registers a project.
CREATE OR REPLACE FUNCTION claude._check_project_schema(p_project_schema text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    PERFORM claude._check_length('project_schema', p_project_schema, 100, 'Use a shorter schema name.');
END;
$$;
COMMENT ON FUNCTION claude._check_project_schema(text) IS 'Private: raise 22001 naming project_schema when it is longer than 100 characters (the one bound of a project''s schema name).';
REVOKE ALL ON FUNCTION claude._check_project_schema(text) FROM PUBLIC;
