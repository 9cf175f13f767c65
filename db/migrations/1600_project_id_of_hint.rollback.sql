-- The older source re-creates the one-argument helper; the two-argument one
-- would make its one-argument calls ambiguous.
DROP FUNCTION IF EXISTS claude._project_id_of(text, text);
DROP FUNCTION IF EXISTS claude._check_project_name(text, text);
