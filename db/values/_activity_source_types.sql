-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._activity_source_types() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['session', 'message', 'job', 'test', 'feedback', 'commit', 'alert', 'lease']::text[]; END $$;
COMMENT ON FUNCTION claude._activity_source_types() IS 'What an activity entry is about: activity_feed.source_type.';
REVOKE ALL ON FUNCTION claude._activity_source_types() FROM PUBLIC;
