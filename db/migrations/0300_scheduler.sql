-- depends: 0001_schema
-- Scheduler: the row type claim_job returns (what a runner needs to run one claimed attempt).
CREATE TYPE claude.job_claim AS (
    run_id            uuid,
    job_id            uuid,
    job_name          text,
    session_id        uuid,
    attempt           integer,
    command           text,
    working_directory text,
    timeout_seconds   integer,
    retry_on_failure  boolean,
    max_retries       integer,
    started_at        timestamptz
);
COMMENT ON TYPE claude.job_claim IS 'One claimed run of a scheduled job, as returned by claim_job: run it, then report with update_job_result.';
GRANT USAGE ON TYPE claude.job_claim TO claude_agent;
