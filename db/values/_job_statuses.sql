-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._job_statuses() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'RUNNING']::text[]; END $$;
COMMENT ON FUNCTION claude._job_statuses() IS 'The outcomes of a job run: job_run_history.status and scheduled_jobs.last_status (RUNNING while claimed).';
REVOKE ALL ON FUNCTION claude._job_statuses() FROM PUBLIC;
