-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._job_trigger_types() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['session_start', 'schedule', 'on_demand', 'session_end']::text[]; END $$;
COMMENT ON FUNCTION claude._job_trigger_types() IS 'When a scheduled job runs: scheduled_jobs.trigger_type.';
REVOKE ALL ON FUNCTION claude._job_trigger_types() FROM PUBLIC;
