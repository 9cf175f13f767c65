-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._message_statuses() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['pending', 'read', 'acknowledged', 'expired']::text[]; END $$;
COMMENT ON FUNCTION claude._message_statuses() IS 'The message statuses: messages.status (the transitions are guarded by tg_messages__guard).';
REVOKE ALL ON FUNCTION claude._message_statuses() FROM PUBLIC;
