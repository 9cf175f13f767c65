-- claim_job + update_job_result, two transactions as a runner does them (the
-- command runs in between).  claude-gateway claims a job by id (the one
-- get_due_jobs listed); each client owns its own :per_client jobs, so no two
-- runners ever race for the same job (that would be a 55000 by design).
\set j random(1, :per_client)
\set jn :client_id * :per_client + :j
SELECT run_id FROM claude.claim_job(job_id => bench.uid(4, :jn));
SELECT claude.update_job_result(job_id => bench.uid(4, :jn), status => 'SUCCESS');
