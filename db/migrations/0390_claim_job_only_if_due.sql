-- depends: 0300_scheduler
-- claim_job gains only_if_due (db/functions/claim_job.sql creates the new
-- signature when migrate re-applies the sources); drop the old one.
DROP FUNCTION IF EXISTS claude.claim_job(uuid, uuid);
