-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._activity_severities() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['error', 'warning', 'success', 'info']::text[]; END $$;
COMMENT ON FUNCTION claude._activity_severities() IS 'The activity severities, most severe first: activity_feed.severity; recent_activity.severity_rank and session_startup order by this position.';
REVOKE ALL ON FUNCTION claude._activity_severities() FROM PUBLIC;
