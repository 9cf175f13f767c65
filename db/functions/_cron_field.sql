-- Private helper of cron_next: expand one field of a 5-field cron expression
-- into the sorted set of values it allows.
CREATE OR REPLACE FUNCTION claude._cron_field(
    p_field text,
    p_field_name text,
    p_lo integer,
    p_hi integer,
    p_names text[] DEFAULT NULL,
    p_star_hi integer DEFAULT NULL
)
RETURNS integer[]
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_item text;
    v_parts text[];
    v_range text;
    v_step integer;
    v_from integer;
    v_to integer;
    v_bound text;
    v_value integer;
    v_values integer[] := ARRAY[]::integer[];
    v_bounds integer[];
BEGIN
    IF p_field IS NULL OR p_field = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('malformed cron expression: the %s field is empty', p_field_name),
            HINT = 'A cron expression has 5 fields: minute hour day-of-month month day-of-week.';
    END IF;
    FOREACH v_item IN ARRAY string_to_array(p_field, ',') LOOP
        v_parts := regexp_match(v_item, '^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/([0-9]+))?$');
        IF v_parts IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('malformed cron expression: the %s field has an invalid item %L', p_field_name, v_item),
                HINT = 'Use *, a value, a range a-b, a list a,b,c, or a step */n, a-b/n, a/n.';
        END IF;
        v_range := v_parts[1];
        v_step := 1;
        IF v_parts[2] IS NOT NULL THEN
            IF length(v_parts[2]) > 4 OR v_parts[2]::integer = 0 THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('malformed cron expression: the %s field has an invalid step in %L', p_field_name, v_item),
                    HINT = 'A step is a positive number, e.g. */15.';
            END IF;
            v_step := v_parts[2]::integer;
        END IF;

        IF v_range = '*' THEN
            v_from := p_lo;
            v_to := coalesce(p_star_hi, p_hi);
        ELSE
            v_bounds := ARRAY[]::integer[];
            FOREACH v_bound IN ARRAY string_to_array(v_range, '-') LOOP
                IF v_bound ~ '^[0-9]+$' THEN
                    IF length(v_bound) > 4 OR v_bound::integer NOT BETWEEN p_lo AND p_hi THEN
                        RAISE EXCEPTION USING ERRCODE = '22023',
                            MESSAGE = format('malformed cron expression: the %s field value %L is out of range %s-%s', p_field_name, v_bound, p_lo, p_hi),
                            HINT = format('The %s field takes values from %s to %s.', p_field_name, p_lo, p_hi);
                    END IF;
                    v_value := v_bound::integer;
                ELSIF p_names IS NOT NULL AND array_position(p_names, upper(v_bound)) IS NOT NULL THEN
                    v_value := p_lo + array_position(p_names, upper(v_bound)) - 1;
                ELSE
                    RAISE EXCEPTION USING ERRCODE = '22023',
                        MESSAGE = format('malformed cron expression: the %s field has an invalid value %L', p_field_name, v_bound),
                        HINT = CASE WHEN p_names IS NULL
                                    THEN format('The %s field takes numbers from %s to %s.', p_field_name, p_lo, p_hi)
                                    ELSE format('The %s field takes numbers from %s to %s or the names %s.',
                                                p_field_name, p_lo, p_hi, array_to_string(p_names, ' ')) END;
                END IF;
                v_bounds := v_bounds || v_value;
            END LOOP;
            v_from := v_bounds[1];
            IF cardinality(v_bounds) = 2 THEN
                v_to := v_bounds[2];
                IF v_to < v_from THEN
                    RAISE EXCEPTION USING ERRCODE = '22023',
                        MESSAGE = format('malformed cron expression: the %s field has a descending range %L', p_field_name, v_item),
                        HINT = 'Write ranges low-high; split a wrapping range into two, e.g. 22-23,0-2.';
                END IF;
            ELSIF v_parts[2] IS NOT NULL THEN
                v_to := coalesce(p_star_hi, p_hi);   -- a/n means a, a+n, ... up to the field's end
            ELSE
                v_to := v_from;
            END IF;
        END IF;
        v_values := v_values || ARRAY(SELECT generate_series(v_from, v_to, v_step));
    END LOOP;
    RETURN ARRAY(SELECT DISTINCT v FROM unnest(v_values) AS v ORDER BY v);
END;
$$;
COMMENT ON FUNCTION claude._cron_field(text, text, integer, integer, text[], integer) IS 'Private: expand one cron field (lists, ranges, steps, names) into its sorted values; 22023 naming the field when malformed.';
REVOKE ALL ON FUNCTION claude._cron_field(text, text, integer, integer, text[], integer) FROM PUBLIC;
-- cron_next (SECURITY INVOKER, granted to claude_agent) calls it as its caller.
GRANT EXECUTE ON FUNCTION claude._cron_field(text, text, integer, integer, text[], integer) TO claude_agent;
