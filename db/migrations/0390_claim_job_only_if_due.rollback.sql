-- The two-argument claim_job is gone from the sources; rolling back drops the
-- new signature (as 0300's rollback drops claim_job).
DROP FUNCTION IF EXISTS claude.claim_job(uuid, uuid, boolean);
