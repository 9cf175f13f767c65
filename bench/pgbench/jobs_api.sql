-- claim_next_job + update_job_result, two transactions as a runner does them
-- (the command runs in between): the runner takes the most urgent due job no
-- one holds (FOR UPDATE SKIP LOCKED) of project bench-q, whose session_start
-- jobs are always due ({} condition), and reports it by its run_id.
SELECT job_id, run_id FROM claude.claim_next_job(project_name => 'bench-q') \gset
SELECT claude.update_job_result(job_id => :job_id::uuid, status => 'SUCCESS', run_id => :run_id::uuid);
