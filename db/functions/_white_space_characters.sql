-- Private helper of _is_blank and _is_clean_name: every Unicode White_Space
-- character a name or a text may be padded with, plus U+2800 BRAILLE
-- PATTERN BLANK, as the inside of a regular-expression bracket expression
-- (the controls among White_Space are in _invisible_characters).
CREATE OR REPLACE FUNCTION claude._white_space_characters()
RETURNS text
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RETURN '\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800';
END;
$$;
COMMENT ON FUNCTION claude._white_space_characters() IS 'Private: the Unicode white space (and U+2800) that pads a text, as the inside of a regex bracket expression (for _is_blank and _is_clean_name).';
REVOKE ALL ON FUNCTION claude._white_space_characters() FROM PUBLIC;
