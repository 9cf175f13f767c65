DROP FUNCTION IF EXISTS claude.claim_job(uuid, uuid);
DROP TYPE IF EXISTS claude.job_claim;
