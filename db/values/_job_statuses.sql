-- An allowed-value list, defined only here (README, "Allowed values"): adding a value
-- is editing this array, then `claude-gateway migrate` and `claude-gateway codegen`.
CREATE OR REPLACE FUNCTION claude._job_statuses()
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$ SELECT ARRAY['SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'RUNNING']::text[] $$;
COMMENT ON FUNCTION claude._job_statuses() IS 'The outcomes of a job run: job_run_history.status and scheduled_jobs.last_status (RUNNING while claimed).';
REVOKE ALL ON FUNCTION claude._job_statuses() FROM PUBLIC;
