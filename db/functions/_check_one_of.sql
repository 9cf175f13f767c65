-- Private helper: the one validator of an enumerated argument.  The allowed
-- values come from their definition in db/values/, so the message and the
-- hint list exactly what the CHECK accepts.
CREATE OR REPLACE FUNCTION claude._check_one_of(p_name text, p_value text, p_allowed text[], p_note text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    IF p_value IS NULL OR NOT (p_value = ANY (p_allowed)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown %s %L', p_name, p_value),
            HINT = format('%s is one of: %s%s.', p_name, array_to_string(p_allowed, ', '),
                          coalesce(' ' || p_note, ''));
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_one_of(text, text, text[], text) IS 'Private: raise 22023 naming the value unless p_value is one of p_allowed; the hint lists them (and p_note).';
REVOKE ALL ON FUNCTION claude._check_one_of(text, text, text[], text) FROM PUBLIC;
