-- Private helper: validate an activity_feed enumeration argument (source_type
-- or severity) before it reaches a CHECK, so callers get 22023 and a hint.
CREATE OR REPLACE FUNCTION claude._check_activity_enum(p_param text, p_value text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v_allowed text[];
BEGIN
    PERFORM claude._check_length(p_param, p_value, 50, format('Pass %s => one of its values.', p_param));
    v_allowed := CASE p_param
        WHEN 'source_type' THEN ARRAY['session', 'message', 'job', 'test', 'feedback', 'commit', 'alert', 'lease']
        WHEN 'severity'    THEN ARRAY['info', 'success', 'warning', 'error']
    END;
    IF v_allowed IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown activity enumeration %L', p_param);
    END IF;
    IF p_value IS NULL OR NOT (p_value = ANY (v_allowed)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s %L is not one of %s', p_param, p_value, array_to_string(v_allowed, ', ')),
            HINT = format('Pass %s => one of: %s.', p_param, array_to_string(v_allowed, ', '));
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_activity_enum(text, text) IS 'Private: raise 22023 unless the value is a known activity source_type or severity.';
REVOKE ALL ON FUNCTION claude._check_activity_enum(text, text) FROM PUBLIC;
