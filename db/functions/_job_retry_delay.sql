-- Private helper: the exponential backoff before retry number `p_retry_number`
-- (1 for the first retry) of a job whose metadata may set the base delay.
-- Safe for any stored value: the base is clamped to 0..3600 s and rounded to
-- milliseconds, the exponent to 32 (2^32 ms is past the one-hour cap), so no
-- row can make a failed run's report fail (a value the validation refuses
-- today may predate it).
CREATE OR REPLACE FUNCTION claude._job_retry_delay(p_metadata jsonb, p_retry_number integer)
RETURNS interval
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT make_interval(secs => least(
               least(greatest(round(
                   coalesce(CASE WHEN jsonb_typeof(p_metadata -> 'retry_backoff_seconds') = 'number'
                                 THEN (p_metadata ->> 'retry_backoff_seconds')::numeric END, 60), 3), 0), 3600)
               * power(2::numeric, least(greatest(coalesce(p_retry_number, 1), 1) - 1, 32)),
               3600)::double precision)
$$;
COMMENT ON FUNCTION claude._job_retry_delay(jsonb, integer) IS 'Private: retry backoff = least(base * 2^(n-1), 3600) seconds for retry n (1, 2, ...), base = metadata.retry_backoff_seconds clamped to 0..3600 and rounded to ms, or 60.';
REVOKE ALL ON FUNCTION claude._job_retry_delay(jsonb, integer) FROM PUBLIC;
