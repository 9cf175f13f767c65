-- depends: 1210_idempotency_keys 1400_allowed_values_defined_once
-- idempotency_keys.scope reads its allowed values from db/values/ too.
ALTER TABLE claude.idempotency_keys
    DROP CONSTRAINT idempotency_keys_scope_is_known,
    ADD CONSTRAINT idempotency_keys_scope_is_known CHECK (scope = ANY (claude._idempotency_scopes()));
COMMENT ON COLUMN claude.idempotency_keys.scope IS 'The API function the key belongs to: one of claude._idempotency_scopes()';
