-- Private helper of _is_blank and _is_clean_name: the characters a reader
-- cannot see, as the inside of a regular-expression bracket expression.
-- Control characters (Cc) and invisible format / zero-width characters (Cf,
-- Hangul fillers, variation selectors, tags, bidi controls, U+2028/U+2029).
-- Both callers concatenate it into constant patterns, which PL/pgSQL folds
-- once per session (IMMUTABLE, no argument).
CREATE OR REPLACE FUNCTION claude._invisible_characters()
RETURNS text
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RETURN '\u0001-\u001F\u007F-\u009F\u00AD\u034F\u061C\u0600-\u0605\u06DD\u070F\u08E2\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0000-\U000E0FFF';
END;
$$;
COMMENT ON FUNCTION claude._invisible_characters() IS 'Private: the control and invisible format / zero-width characters, as the inside of a regex bracket expression (for _is_blank and _is_clean_name).';
REVOKE ALL ON FUNCTION claude._invisible_characters() FROM PUBLIC;
