-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._message_types() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['task_request', 'status_update', 'notification', 'broadcast', 'question', 'handoff']::text[]; END $$;
COMMENT ON FUNCTION claude._message_types() IS 'The message types: messages.message_type.';
REVOKE ALL ON FUNCTION claude._message_types() FROM PUBLIC;
