-- Private helper: record the result of a write whose key _idempotent_begin claimed.
CREATE OR REPLACE FUNCTION claude._idempotent_end(p_scope text, p_key text, p_result uuid)
RETURNS void
LANGUAGE sql
AS $$
    UPDATE claude.idempotency_keys k SET result_id = p_result
     WHERE p_key IS NOT NULL AND k.scope = p_scope AND k.idempotency_key = p_key;
$$;
COMMENT ON FUNCTION claude._idempotent_end(text, text, uuid) IS 'Private: store the result id of the write whose idempotency key _idempotent_begin claimed (nothing for a NULL key).';
REVOKE ALL ON FUNCTION claude._idempotent_end(text, text, uuid) FROM PUBLIC;
