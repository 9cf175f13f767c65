-- An allowed-value list, defined only here (README, "Allowed values"): adding a value
-- is editing this array, then `claude-gateway migrate` and `claude-gateway codegen`.
CREATE OR REPLACE FUNCTION claude._message_statuses()
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT ARRAY['pending', 'read', 'acknowledged', 'expired']::text[] $$;
COMMENT ON FUNCTION claude._message_statuses() IS 'The message statuses: messages.status (the transitions are guarded by tg_messages__guard).';
REVOKE ALL ON FUNCTION claude._message_statuses() FROM PUBLIC;
