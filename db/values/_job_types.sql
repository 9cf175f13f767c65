-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._job_types() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['maintenance', 'sync', 'backup', 'audit', 'health_check', 'indexer', 'security']::text[]; END $$;
COMMENT ON FUNCTION claude._job_types() IS 'The scheduled job types: scheduled_jobs.job_type.';
REVOKE ALL ON FUNCTION claude._job_types() FROM PUBLIC;
