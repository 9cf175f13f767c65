-- Private helper of the maintenance functions that act on rows older than an
-- age: validates the age (22023 for NULL or negative) and returns now() - age,
-- or -infinity when the age reaches before the first representable instant
-- (nothing is that old) instead of a datetime overflow.
CREATE OR REPLACE FUNCTION claude._cutoff(p_name text, p_age interval, p_hint text)
RETURNS timestamptz
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    IF p_age IS NULL OR p_age < interval '0' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%s must be a non-negative interval, not %s', p_name, coalesce(p_age::text, 'NULL')),
            HINT = p_hint;
    END IF;
    RETURN now() - p_age;
EXCEPTION WHEN datetime_field_overflow THEN
    RETURN '-infinity'::timestamptz;
END;
$$;
COMMENT ON FUNCTION claude._cutoff(text, interval, text) IS 'Private: now() - p_age for "older than" maintenance (22023 for a NULL or negative age; -infinity past the calendar).';
REVOKE ALL ON FUNCTION claude._cutoff(text, interval, text) FROM PUBLIC;
