-- Private helper: the bound of a lease's time to live, defined once for
-- acquire_lease and renew_lease: 1 to 86400 seconds (one day), else 22023.
CREATE OR REPLACE FUNCTION claude._check_lease_ttl(
    p_ttl_seconds integer,
    p_hint text DEFAULT 'Pass ttl_seconds between 1 and 86400 (one day; the default is 3600).')
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    IF p_ttl_seconds IS NULL OR p_ttl_seconds NOT BETWEEN 1 AND 86400 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('ttl_seconds %s is outside 1..86400', coalesce(p_ttl_seconds::text, 'NULL')),
            HINT = p_hint;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_lease_ttl(integer, text) IS 'Private: raise 22023 unless a lease''s ttl_seconds is 1..86400 (one day).';
REVOKE ALL ON FUNCTION claude._check_lease_ttl(integer, text) FROM PUBLIC;
