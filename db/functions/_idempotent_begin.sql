-- Private helper of the writes that take idempotency_key: claim the key, or
-- return the first call's result.  Called before the write; a NULL key or a
-- new key returns NULL (go ahead, then call _idempotent_end with the new id).
-- A concurrent call with the same key waits here until the first commits
-- (then gets its result) or rolls back (then goes ahead itself).
CREATE OR REPLACE FUNCTION claude._idempotent_begin(p_scope text, p_key text)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_result uuid;
BEGIN
    IF p_key IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM claude._check_idempotency_key(p_key);
    IF btrim(p_key) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'idempotency_key is blank',
            HINT = 'Pass a key unique to this request (e.g. a UUID), or NULL for none.';
    END IF;
    INSERT INTO claude.idempotency_keys AS k (scope, idempotency_key)
    VALUES (p_scope, p_key)
    ON CONFLICT DO NOTHING;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    SELECT k.result_id INTO v_result FROM claude.idempotency_keys k
     WHERE k.scope = p_scope AND k.idempotency_key = p_key;
    RETURN v_result;
END;
$$;
COMMENT ON FUNCTION claude._idempotent_begin(text, text) IS 'Private: claim idempotency key p_key of function p_scope: NULL when the key is NULL or new (do the write, then _idempotent_end), else the first call''s result. 22023 blank key, 22001 longer than 200.';
REVOKE ALL ON FUNCTION claude._idempotent_begin(text, text) FROM PUBLIC;
