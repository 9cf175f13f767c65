-- Back to 0390: the old indexes and the four-argument update_job_result
-- (re-created by the sources of that version).
DROP FUNCTION IF EXISTS claude.claim_next_job(uuid, text, text[], integer, timestamptz);
DROP FUNCTION IF EXISTS claude._claim_locked_job(claude.scheduled_jobs, uuid);
DROP FUNCTION IF EXISTS claude._job_is_stale(claude.scheduled_jobs, integer);
DROP FUNCTION IF EXISTS claude.update_job_result(uuid, text, text, text, uuid);
ALTER TABLE claude.scheduled_jobs RESET (fillfactor);
DROP INDEX claude.scheduled_jobs_due_idx;
CREATE INDEX scheduled_jobs_due_idx ON claude.scheduled_jobs (priority, last_run NULLS FIRST)
    WHERE is_active;
CREATE INDEX scheduled_jobs_running_idx ON claude.scheduled_jobs (last_run) WHERE last_status = 'RUNNING';
CREATE INDEX scheduled_jobs_next_run_idx ON claude.scheduled_jobs (next_run) WHERE is_active;
CREATE INDEX scheduled_jobs_created_by_identity_id_idx ON claude.scheduled_jobs (created_by_identity_id);
DROP INDEX claude.job_run_history_session_id_idx;
CREATE INDEX job_run_history_session_id_idx ON claude.job_run_history (session_id);
