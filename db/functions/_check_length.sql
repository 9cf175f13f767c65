-- Private helper: a text longer than its bound is 22001 with a message that
-- names the parameter (and its first 40 characters) and a hint.  API
-- functions call it for every text argument before any other work
-- (docs/BOUNDS.md): it only measures, so no size of input can fail in it.
CREATE OR REPLACE FUNCTION claude._check_length(p_name text, p_value text, p_limit integer, p_hint text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_length integer;
BEGIN
    -- octet_length is O(1); a text within the bound in bytes is within it in characters.
    IF p_value IS NULL OR octet_length(p_value) <= p_limit THEN
        RETURN;
    END IF;
    v_length := length(p_value);
    IF v_length > p_limit THEN
        RAISE EXCEPTION USING ERRCODE = '22001',
            MESSAGE = format('%s %L is %s characters long; the limit is %s',
                             p_name, left(p_value, 40) || '...', v_length, p_limit),
            HINT = p_hint;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_length(text, text, integer, text) IS 'Private: raise 22001 naming the parameter when p_value is longer than p_limit characters (any size of input).';
REVOKE ALL ON FUNCTION claude._check_length(text, text, integer, text) FROM PUBLIC;
