-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._message_priorities() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['urgent', 'normal', 'low']::text[]; END $$;
COMMENT ON FUNCTION claude._message_priorities() IS 'The message priorities, most urgent first: messages.priority; the inbox orders by this position (priority_rank).';
REVOKE ALL ON FUNCTION claude._message_priorities() FROM PUBLIC;
