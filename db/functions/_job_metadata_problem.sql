-- Private helper: what is wrong with a job's metadata, or NULL.  One rule for
-- create_scheduled_job (22023) and the table's validation trigger (23514).
-- retry_backoff_seconds feeds arithmetic at every failed run
-- (_job_retry_delay), so it is bounded here: 0, or 0.001 to 3600 seconds.
CREATE OR REPLACE FUNCTION claude._job_metadata_problem(p_metadata jsonb)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT CASE
        WHEN p_metadata IS NULL OR jsonb_typeof(p_metadata) <> 'object'
            THEN 'metadata must be a JSON object'
        WHEN p_metadata ? 'retry_backoff_seconds'
             AND (jsonb_typeof(p_metadata -> 'retry_backoff_seconds') IS DISTINCT FROM 'number'
                  OR NOT ((p_metadata ->> 'retry_backoff_seconds')::numeric = 0
                          OR (p_metadata ->> 'retry_backoff_seconds')::numeric BETWEEN 0.001 AND 3600))
            THEN format('metadata.retry_backoff_seconds must be 0 or a number of seconds from 0.001 to 3600, not %s',
                        left((p_metadata -> 'retry_backoff_seconds')::text, 40))
    END
$$;
COMMENT ON FUNCTION claude._job_metadata_problem(jsonb) IS 'Private: why a job''s metadata is invalid (not an object; retry_backoff_seconds not 0 or 0.001..3600), or NULL.';
REVOKE ALL ON FUNCTION claude._job_metadata_problem(jsonb) FROM PUBLIC;
