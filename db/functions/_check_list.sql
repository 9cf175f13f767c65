-- Private helper: a text[] argument has at most p_max_items items, each at
-- most p_max_item characters, p_max_total characters in all: 22001 naming the
-- parameter.  NULL items are the caller's business.  Call it before any other work.
CREATE OR REPLACE FUNCTION claude._check_list(p_name text, p_value text[], p_max_items integer,
                                              p_max_item integer, p_max_total integer, p_hint text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_total integer := 0;
    v_item text;
    v_n integer := 0;
BEGIN
    IF p_value IS NULL THEN
        RETURN;
    END IF;
    IF cardinality(p_value) > p_max_items THEN
        RAISE EXCEPTION USING ERRCODE = '22001',
            MESSAGE = format('%s has %s items; the limit is %s', p_name, cardinality(p_value), p_max_items),
            HINT = p_hint;
    END IF;
    FOREACH v_item IN ARRAY p_value LOOP
        v_n := v_n + 1;
        PERFORM claude._check_length(format('%s[%s]', p_name, v_n), v_item, p_max_item, p_hint);
        v_total := v_total + coalesce(length(v_item), 0);
    END LOOP;
    IF v_total > p_max_total THEN
        RAISE EXCEPTION USING ERRCODE = '22001',
            MESSAGE = format('%s holds %s characters in all; the limit is %s', p_name, v_total, p_max_total),
            HINT = p_hint;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_list(text, text[], integer, integer, integer, text) IS 'Private: raise 22001 naming the parameter when a text list has too many items, a too long item, or too many characters in all.';
REVOKE ALL ON FUNCTION claude._check_list(text, text[], integer, integer, integer, text) FROM PUBLIC;
