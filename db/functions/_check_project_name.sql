-- Private helper: the bound of a project name (200 characters), defined once.
-- 22001 naming project_name when it is longer; the caller may word the hint.
CREATE OR REPLACE FUNCTION claude._check_project_name(p_project_name text,
                                                      p_hint text DEFAULT 'Use a shorter project name.')
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    PERFORM claude._check_length('project_name', p_project_name, 200, p_hint);
END;
$$;
COMMENT ON FUNCTION claude._check_project_name(text, text) IS 'Private: raise 22001 naming project_name when it is longer than 200 characters (the one bound of a project name).';
REVOKE ALL ON FUNCTION claude._check_project_name(text, text) FROM PUBLIC;
