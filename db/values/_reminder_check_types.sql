-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._reminder_check_types() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['manual', 'sql_query', 'file_exists', 'table_empty']::text[]; END $$;
COMMENT ON FUNCTION claude._reminder_check_types() IS 'How a reminder is checked: reminders.check_type.';
REVOKE ALL ON FUNCTION claude._reminder_check_types() FROM PUBLIC;
