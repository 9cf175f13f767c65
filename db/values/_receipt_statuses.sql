-- An allowed-value list, defined only here (README, "Allowed values"): adding a value
-- is editing this array, then `claude-gateway migrate` and `claude-gateway codegen`.
CREATE OR REPLACE FUNCTION claude._receipt_statuses()
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT ARRAY['read', 'acknowledged']::text[] $$;
COMMENT ON FUNCTION claude._receipt_statuses() IS 'The per-reader states of a broadcast: message_receipts.status.';
REVOKE ALL ON FUNCTION claude._receipt_statuses() FROM PUBLIC;
