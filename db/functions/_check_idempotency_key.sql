-- Private helper: the bound of an idempotency key (200 characters), defined
-- once for every write that takes one (checked with the other bounds, before
-- any work, and again by _idempotent_begin).
CREATE OR REPLACE FUNCTION claude._check_idempotency_key(p_idempotency_key text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    PERFORM claude._check_length('idempotency_key', p_idempotency_key, 200, 'Use a shorter key, e.g. a UUID.');
END;
$$;
COMMENT ON FUNCTION claude._check_idempotency_key(text) IS 'Private: raise 22001 naming idempotency_key when it is longer than 200 characters (the one bound of a key).';
REVOKE ALL ON FUNCTION claude._check_idempotency_key(text) FROM PUBLIC;
