-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._session_activity_states() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['working', 'idle']::text[]; END $$;
COMMENT ON FUNCTION claude._session_activity_states() IS 'What an agent last reported of its session: sessions.activity_state.';
REVOKE ALL ON FUNCTION claude._session_activity_states() FROM PUBLIC;
