-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._idempotency_scopes() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['send_message', 'broadcast_to_project', 'create_reminder', 'record_knowledge',
                       'create_scheduled_job']::text[]; END $$;
COMMENT ON FUNCTION claude._idempotency_scopes() IS 'The API functions that take an idempotency_key: idempotency_keys.scope.';
REVOKE ALL ON FUNCTION claude._idempotency_scopes() FROM PUBLIC;
