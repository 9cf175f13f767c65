-- Private helper: a name (identity, project, job) is required (non-blank) and
-- clean: no control or zero-width character anywhere and no white space at
-- either end (claude._is_clean_name, the predicate of the *_is_clean CHECKs).
-- 22023 names the parameter, the position and the code point.  Call it after
-- the _check_length of every argument.
CREATE OR REPLACE FUNCTION claude._check_name(p_name text, p_value text, p_hint text, p_message text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_char text;
BEGIN
    PERFORM claude._check_required(p_name, p_value, p_hint, p_message);
    IF claude._is_clean_name(p_value) THEN
        RETURN;
    END IF;
    -- Which character: the first one that is not clean between two letters,
    -- else white space at an end.
    FOR i IN 1 .. length(p_value) LOOP
        v_char := substr(p_value, i, 1);
        IF NOT claude._is_clean_name('a' || v_char || 'a') THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('%s %s contains a control or zero-width character (U+%s at position %s)',
                                 p_name, to_json(p_value), upper(lpad(to_hex(ascii(v_char)), 4, '0')), i),
                HINT = 'Names are plain text: remove control, format and zero-width characters. ' || coalesce(p_hint, '');
        END IF;
    END LOOP;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('%s %s starts or ends with white space', p_name, to_json(p_value)),
        HINT = 'Trim the name. ' || coalesce(p_hint, '');
END;
$$;
COMMENT ON FUNCTION claude._check_name(text, text, text, text) IS 'Private: raise 22023 naming the parameter when a name is NULL, blank, contains a control or zero-width character, or starts or ends with white space.';
REVOKE ALL ON FUNCTION claude._check_name(text, text, text, text) FROM PUBLIC;
