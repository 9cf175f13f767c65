-- What each role can and cannot do, exercised with SET ROLE: login-less test
-- roles created inside the transaction (and so rolled back), each granted one
-- of claude_agent, claude_reader, claude_admin, as a deployment would.
BEGIN;
SELECT plan(24);

CREATE ROLE cgw_security_agent NOLOGIN;
CREATE ROLE cgw_security_reader NOLOGIN;
CREATE ROLE cgw_security_admin NOLOGIN;
GRANT claude_agent TO cgw_security_agent;
GRANT claude_reader TO cgw_security_reader;
GRANT claude_admin TO cgw_security_admin;

SELECT tests.make_session(project_name => 'security-roles') AS s1 \gset
SELECT tests.make_session(project_name => 'security-roles') AS s2 \gset
SELECT tests.make_identity() AS idle_identity \gset

-- an agent: the API, never the tables
SET LOCAL ROLE cgw_security_agent;
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body)
                          VALUES (%L, %L, 'forged', 'straight into the table')$$, :'s1', :'s2'),
    '42501', NULL, 'an agent cannot INSERT into claude.messages');
SELECT isnt(claude.send_message(from_session_id => :'s1', to_session_id => :'s2', subject => 'security-roles hello', body => 'through the API'),
    NULL, 'an agent can send_message');
SELECT throws_ok($$SELECT count(*) FROM claude.messages$$, '42501', NULL, 'an agent cannot read a table');
SELECT throws_ok(format($$UPDATE claude.sessions SET session_end = now(), session_summary = 'x' WHERE session_id = %L$$, :'s2'),
    '42501', NULL, 'an agent cannot UPDATE claude.sessions');
SELECT throws_ok($$DELETE FROM claude.activity_feed$$, '42501', NULL, 'an agent cannot DELETE from claude.activity_feed');
SELECT throws_ok($$UPDATE claude.pending_reminders SET title = 'hijacked'$$,
    '42501', NULL, 'an agent cannot write through an (automatically updatable) view');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'agent-job', job_type => 'backup', command => 'rm -rf /')$$,
    '42501', NULL, 'an agent cannot create_scheduled_job (its command runs in a shell)');
SELECT throws_ok($$SELECT claude.archive_activity()$$, '42501', NULL, 'an agent cannot run retention');
SELECT throws_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'idle_identity'),
    '42501', NULL, 'an agent cannot archive an identity');
SELECT throws_ok($$SELECT claude._ensure_project('sneaky')$$, '42501', NULL, 'an agent cannot call a private helper');
SELECT throws_ok($$CREATE TABLE claude.planted (x int)$$, '42501', NULL, 'an agent cannot create objects in schema claude');
SELECT is((SELECT count(*)::integer FROM claude.inbox WHERE subject = 'security-roles hello'), 1, 'an agent reads the views (it is a reader too)');
RESET ROLE;

-- a reader (Mission Control Web): the views only
SET LOCAL ROLE cgw_security_reader;
SELECT is((SELECT body FROM claude.inbox WHERE subject = 'security-roles hello'), 'through the API',
    'a reader can SELECT claude.inbox, message bodies included');
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => 'b')$$, :'s1', :'s2'),
    '42501', NULL, 'a reader cannot call send_message');
SELECT throws_ok(format($$SELECT * FROM claude.get_pending_messages(session_id => %L)$$, :'s2'),
    '42501', NULL, 'a reader cannot call even a read-only API function');
SELECT throws_ok($$SELECT count(*) FROM claude.sessions$$, '42501', NULL, 'a reader cannot read a table');
SELECT throws_ok($$DELETE FROM claude.recent_activity$$, '42501', NULL, 'a reader cannot write through an (automatically updatable) view');
RESET ROLE;

-- an admin: the agent's API plus jobs, retention and archiving; still no table
SET LOCAL ROLE cgw_security_admin;
SELECT isnt(claude.create_scheduled_job(job_name => 'security-admin-job', job_type => 'maintenance', command => 'true',
                                        trigger_type => 'on_demand'),
    NULL, 'an admin can create_scheduled_job');
SELECT lives_ok($$SELECT claude.set_job_active(job_id => (SELECT job_id FROM claude.scheduler WHERE job_name = 'security-admin-job'), is_active => false)$$,
    'an admin can disable a job');
SELECT lives_ok($$SELECT claude.archive_activity(older_than => '3650 days')$$, 'an admin can run retention');
SELECT lives_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'idle_identity'), 'an admin can archive an identity');
SELECT isnt(claude.send_message(from_session_id => :'s2', to_session_id => :'s1', subject => 'admin', body => 'too'),
    NULL, 'an admin can do what an agent can');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command) VALUES ('direct', 'backup', 'id')$$,
    '42501', NULL, 'an admin cannot write a table directly either');
RESET ROLE;

SELECT is((SELECT count(*)::integer FROM claude.messages WHERE subject = 'forged'), 0, 'nothing was forged');

SELECT * FROM finish();
ROLLBACK;
