-- PL/pgSQL, not SQL (it was SQL in migration 0750): CHECKs call it on every
-- write of their row, and a SQL function with a SET clause is parsed and
-- planned again on each call; PL/pgSQL keeps its compiled body per session.
-- Blank: nothing but white space (every Unicode White_Space character, plus
-- U+2800 BRAILLE PATTERN BLANK), control characters (Cc) and invisible
-- format / zero-width characters (Cf, fillers, variation selectors, tags).
-- A NULL is not blank (NULL): each column says whether it may be NULL.
CREATE OR REPLACE FUNCTION claude._is_blank(p_value text)
RETURNS boolean
LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    RETURN p_value !~ '[^\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800\u0001-\u001F\u007F-\u009F\u00AD\u034F\u061C\u0600-\u0605\u06DD\u070F\u08E2\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0000-\U000E0FFF]';
END;
$$;
COMMENT ON FUNCTION claude._is_blank(text) IS 'Private (used by CHECKs): true when the text has no visible character: only Unicode white space, control (Cc) or invisible format / zero-width characters (Cf, fillers, variation selectors, tags). NULL for NULL.';
REVOKE ALL ON FUNCTION claude._is_blank(text) FROM PUBLIC;
