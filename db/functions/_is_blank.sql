-- PL/pgSQL, not SQL (it was SQL in migration 0750): CHECKs call it on every
-- write of their row, and a SQL function with a SET clause is parsed and
-- planned again on each call; PL/pgSQL keeps its compiled body per session.
-- Blank: nothing but white space (_white_space_characters), control and
-- invisible format / zero-width characters (_invisible_characters).
-- A NULL is not blank (NULL): each column says whether it may be NULL.
CREATE OR REPLACE FUNCTION claude._is_blank(p_value text)
RETURNS boolean
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RETURN p_value !~ ('[^' || claude._white_space_characters() || claude._invisible_characters() || ']');
END;
$$;
COMMENT ON FUNCTION claude._is_blank(text) IS 'Private (used by CHECKs): true when the text has no visible character: only Unicode white space, control (Cc) or invisible format / zero-width characters (Cf, fillers, variation selectors, tags). NULL for NULL.';
REVOKE ALL ON FUNCTION claude._is_blank(text) FROM PUBLIC;
