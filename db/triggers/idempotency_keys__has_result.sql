-- A committed idempotency key always names its result: checked at commit
-- (the key is claimed before the write and completed after it).
CREATE OR REPLACE FUNCTION claude.tg_idempotency_keys__has_result()
RETURNS trigger
LANGUAGE plpgsql
-- It fires at commit, as the calling login (not as the API function's
-- owner): SECURITY DEFINER lets it read the keys no login may read.
SECURITY DEFINER
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM claude.idempotency_keys k
                WHERE k.scope = NEW.scope AND k.idempotency_key = NEW.idempotency_key
                  AND k.result_id IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = format('idempotency key %L of %s has no result', NEW.idempotency_key, NEW.scope),
            HINT = 'Keys are written by the API functions that take idempotency_key, with the id they return.';
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_idempotency_keys__has_result() IS 'Trigger (deferred to commit): a committed idempotency key has its result_id (23514 otherwise).';
REVOKE ALL ON FUNCTION claude.tg_idempotency_keys__has_result() FROM PUBLIC;

DROP TRIGGER IF EXISTS _100_has_result ON claude.idempotency_keys;
CREATE CONSTRAINT TRIGGER _100_has_result
    AFTER INSERT OR UPDATE ON claude.idempotency_keys
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION claude.tg_idempotency_keys__has_result();
