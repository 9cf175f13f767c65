-- Private helper: a jsonb argument is at most p_limit bytes of JSON text
-- (64 KiB unless a function documents otherwise): 22001 naming the parameter,
-- like a text over its bound.  Call it before any other work.
CREATE OR REPLACE FUNCTION claude._check_json_size(p_name text, p_value jsonb, p_limit integer DEFAULT 65536)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_size integer;
    v_far constant integer := 16 * p_limit;
BEGIN
    IF p_value IS NULL THEN
        RETURN;
    END IF;
    -- The binary form is never more than about six times the text: far past
    -- the bound it is refused without rendering it.
    v_size := pg_column_size(p_value);
    IF v_size <= v_far THEN
        v_size := octet_length(p_value::text);
    END IF;
    IF v_size > p_limit THEN
        RAISE EXCEPTION USING ERRCODE = '22001',
            MESSAGE = format('%s is %s bytes of JSON; the limit is %s bytes', p_name,
                             CASE WHEN v_size > v_far THEN 'over ' || v_far ELSE v_size::text END,
                             p_limit),
            HINT = format('Keep %s small (at most %s KiB); put large data elsewhere and refer to it.', p_name, p_limit / 1024);
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_json_size(text, jsonb, integer) IS 'Private: raise 22001 naming the parameter when a jsonb value is more than p_limit bytes of JSON text (default 64 KiB).';
REVOKE ALL ON FUNCTION claude._check_json_size(text, jsonb, integer) FROM PUBLIC;
