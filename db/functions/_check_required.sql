-- Private helper: "required" in the sense of docs/BOUNDS.md.  NULL, or a text
-- made only of white space, control or zero-width characters (claude._is_blank,
-- the predicate of the tables' *_is_not_blank CHECKs), is 22023 naming the
-- parameter.  Call it after the _check_length of every argument.
CREATE OR REPLACE FUNCTION claude._check_required(p_name text, p_value text, p_hint text, p_message text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = coalesce(p_message, format('%s is required', p_name)),
            HINT = p_hint;
    END IF;
    IF claude._is_blank(p_value) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = coalesce(p_message, format('%s is required', p_name))
                      || format(' (%s %s is blank: only white space, control or zero-width characters)',
                                p_name, to_json(left(p_value, 20))),
            HINT = p_hint;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_required(text, text, text, text) IS 'Private: raise 22023 naming the parameter when p_value is NULL or blank (only white space, control or zero-width characters).';
REVOKE ALL ON FUNCTION claude._check_required(text, text, text, text) FROM PUBLIC;
