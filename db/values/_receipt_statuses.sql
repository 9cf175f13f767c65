-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._receipt_statuses() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['read', 'acknowledged']::text[]; END $$;
COMMENT ON FUNCTION claude._receipt_statuses() IS 'The per-reader states of a broadcast: message_receipts.status.';
REVOKE ALL ON FUNCTION claude._receipt_statuses() FROM PUBLIC;
