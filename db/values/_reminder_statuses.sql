-- An allowed-value list, defined only here (README, "Allowed values"): adding a value
-- is editing this array, then `claude-gateway migrate` and `claude-gateway codegen`.
CREATE OR REPLACE FUNCTION claude._reminder_statuses()
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT ARRAY['pending', 'done', 'dismissed', 'expired']::text[] $$;
COMMENT ON FUNCTION claude._reminder_statuses() IS 'The reminder statuses: reminders.status (done, dismissed and expired are terminal).';
REVOKE ALL ON FUNCTION claude._reminder_statuses() FROM PUBLIC;
