-- PL/pgSQL, not SQL (it was SQL in migration 0750): CHECKs call it on every
-- write of their row, and a SQL function with a SET clause is parsed and
-- planned again on each call; PL/pgSQL keeps its compiled body per session.
-- A clean name: no control or invisible character anywhere
-- (_invisible_characters: U+200B, bidi overrides, U+2028, ...), and no white
-- space at either end ("builder" and "builder\u3000" must not be two
-- identities).
CREATE OR REPLACE FUNCTION claude._is_clean_name(p_value text)
RETURNS boolean
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RETURN p_value !~ ('[' || claude._invisible_characters() || ']')
       AND p_value !~ ('^[' || claude._white_space_characters() || ']')
       AND p_value !~ ('[' || claude._white_space_characters() || ']$');
END;
$$;
COMMENT ON FUNCTION claude._is_clean_name(text) IS 'Private (used by CHECKs): true when a name has no control (Cc) or invisible format / zero-width character and no white space at either end. NULL for NULL.';
REVOKE ALL ON FUNCTION claude._is_clean_name(text) FROM PUBLIC;
