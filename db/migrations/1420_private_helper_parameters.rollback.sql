-- The older sources re-create the helpers with their old parameter names.
DROP FUNCTION IF EXISTS claude._cron_field(text, text, integer, integer, text[], integer);
DROP FUNCTION IF EXISTS claude._job_is_due(claude.scheduled_jobs);
DROP FUNCTION IF EXISTS claude._job_retry_delay(jsonb, integer);
DROP FUNCTION IF EXISTS claude._job_trigger_condition_problem(jsonb);
