-- An allowed-value list, defined only here (README, "Allowed values"): adding a value
-- is editing this array, then `claude-gateway migrate` and `claude-gateway codegen`.
CREATE OR REPLACE FUNCTION claude._session_activity_states()
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT ARRAY['working', 'idle']::text[] $$;
COMMENT ON FUNCTION claude._session_activity_states() IS 'What an agent last reported of its session: sessions.activity_state.';
REVOKE ALL ON FUNCTION claude._session_activity_states() FROM PUBLIC;
