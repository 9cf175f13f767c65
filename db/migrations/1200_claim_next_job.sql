-- depends: 0390_claim_job_only_if_due
-- Runner pools: claim_next_job picks the most urgent due job with
-- FOR UPDATE SKIP LOCKED, and a run's two job-row updates get cheaper.
--
-- * scheduled_jobs_due_idx carries the whole due order (priority, last_run
--   NULLS FIRST, created_at, job_id), so that "the first due job nobody
--   holds" is an ordered index scan that stops at the first row it can lock
--   (no sort of the rows of one priority).
-- * scheduled_jobs_running_idx is dropped: its only reader was
--   recover_stale_jobs (a maintenance call on a small table), and because it
--   names last_status, every update of last_status -- both updates of every
--   run -- could never be a HOT update.  Without it, reporting a result that
--   moves neither next_run nor retry_at (session_start and on_demand jobs, a
--   success without a pending retry) is HOT.
-- * Two more indexes no API query reads go, as each non-HOT update of a job
--   (every claim: last_run moves in the due order) writes an entry into every
--   index of the table: scheduled_jobs_next_run_idx (get_due_jobs finds
--   schedule jobs through the due order; the scheduler view lists all jobs)
--   and scheduled_jobs_created_by_identity_id_idx (it only served deleting an
--   identity, which the API never does: identities are archived).
-- * job_run_history_session_id_idx covers only runs that name a session (the
--   foreign key's ON DELETE SET NULL looks them up by a non-NULL id): runners
--   without a session no longer add an entry per run.
-- * fillfactor 50 on scheduled_jobs leaves room on each page for those HOT
--   versions (the table holds job definitions: thousands of rows, not more).
-- * update_job_result gains run_id (the claimed run): a runner whose run was
--   recovered as TIMEOUT and claimed again by another runner cannot close the
--   other runner's run.  The new signature is created by db/functions.
DROP INDEX claude.scheduled_jobs_running_idx;
DROP INDEX claude.scheduled_jobs_due_idx;
CREATE INDEX scheduled_jobs_due_idx ON claude.scheduled_jobs (priority, last_run NULLS FIRST, created_at, job_id)
    WHERE is_active;
DROP INDEX claude.scheduled_jobs_next_run_idx;
DROP INDEX claude.scheduled_jobs_created_by_identity_id_idx;
DROP INDEX claude.job_run_history_session_id_idx;
CREATE INDEX job_run_history_session_id_idx ON claude.job_run_history (session_id) WHERE session_id IS NOT NULL;
ALTER TABLE claude.scheduled_jobs SET (fillfactor = 50);
DROP FUNCTION IF EXISTS claude.update_job_result(uuid, text, text, text);
