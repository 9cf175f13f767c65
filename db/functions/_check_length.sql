-- Private helper: a text longer than its column is 22001 with a message that
-- names the value (its first 40 characters) and a hint, before the INSERT
-- would fail with the same code and a less helpful message.
CREATE OR REPLACE FUNCTION claude._check_length(p_name text, p_value text, p_limit integer, p_hint text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    IF length(p_value) > p_limit THEN
        RAISE EXCEPTION USING ERRCODE = '22001',
            MESSAGE = format('%s %L is %s characters long; the limit is %s',
                             p_name, left(p_value, 40) || '...', length(p_value), p_limit),
            HINT = p_hint;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_length(text, text, integer, text) IS 'Private: raise 22001 naming the value when p_value is longer than p_limit characters.';
REVOKE ALL ON FUNCTION claude._check_length(text, text, integer, text) FROM PUBLIC;
