-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._reminder_statuses() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['pending', 'done', 'dismissed', 'expired']::text[]; END $$;
COMMENT ON FUNCTION claude._reminder_statuses() IS 'The reminder statuses: reminders.status (done, dismissed and expired are terminal).';
REVOKE ALL ON FUNCTION claude._reminder_statuses() FROM PUBLIC;
