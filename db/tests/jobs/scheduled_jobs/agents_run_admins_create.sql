-- What an agent may do with jobs (run them) and may not (create or toggle them).
BEGIN;
SELECT plan(7);

SELECT tests.make_project('roles-project');
SELECT tests.make_job(job_name => 'role-job', project_name => 'roles-project') AS j_id \gset

SET LOCAL ROLE claude_agent;
SELECT ok(EXISTS (SELECT 1 FROM claude.get_due_jobs(project_name => 'roles-project') WHERE job_name = 'role-job'), 'an agent lists due jobs');
SELECT is((SELECT attempt FROM claude.claim_job(job_id => :'j_id')), 1, 'an agent claims a job');
SELECT lives_ok($$SELECT claude.update_job_result(job_id => (SELECT job_id FROM claude.scheduler WHERE job_name = 'role-job'), status => 'SUCCESS')$$, 'an agent reports its result');
SELECT is((SELECT last_status::text FROM claude.scheduler WHERE job_name = 'role-job'), 'SUCCESS', 'and reads it back through the scheduler view');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'agent-job', job_type => 'backup', command => 'rm -rf /')$$, '42501', NULL, 'an agent cannot create a job');
SELECT throws_ok($$SELECT claude.set_job_active(job_id => (SELECT job_id FROM claude.scheduler WHERE job_name = 'role-job'), is_active => false)$$, '42501', NULL, 'nor disable one');
RESET ROLE;
SET LOCAL ROLE claude_admin;
SELECT lives_ok($$SELECT claude.set_job_active(job_id => (SELECT job_id FROM claude.scheduler WHERE job_name = 'role-job'), is_active => false)$$, 'an admin can');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
