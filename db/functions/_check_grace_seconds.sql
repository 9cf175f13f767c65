-- Private helper of claim_next_job and recover_stale_jobs: how long past its
-- timeout a RUNNING job waits before its runner is presumed dead.
CREATE OR REPLACE FUNCTION claude._check_grace_seconds(p_grace_seconds integer)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    IF p_grace_seconds IS NULL OR p_grace_seconds < 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('grace_seconds %s is negative', coalesce(p_grace_seconds::text, 'NULL')),
            HINT = 'Pass 0 or more seconds (default 60).';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_grace_seconds(integer) IS 'Private: 22023 unless grace_seconds is 0 or more.';
REVOKE ALL ON FUNCTION claude._check_grace_seconds(integer) FROM PUBLIC;
