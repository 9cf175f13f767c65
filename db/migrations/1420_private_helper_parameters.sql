-- depends: 0001_schema
-- One naming rule for the parameters of private helpers: p_<name> (OUT
-- columns keep their result names).  CREATE OR REPLACE cannot rename a
-- parameter, so the helpers that named them otherwise are dropped here and
-- re-created by `migrate` from db/functions/.
DROP FUNCTION IF EXISTS claude._cron_field(text, text, integer, integer, text[], integer);
DROP FUNCTION IF EXISTS claude._job_is_due(claude.scheduled_jobs);
DROP FUNCTION IF EXISTS claude._job_retry_delay(jsonb, integer);
DROP FUNCTION IF EXISTS claude._job_trigger_condition_problem(jsonb);
