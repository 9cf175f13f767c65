-- run_maintenance: the scheduled maintenance in one call (pg_cron job and
-- `claude-gateway maintain`): each task runs and reports its count; admin only.
BEGIN;
SELECT plan(14);

-- Whatever the database already held is handled first, so the counts below are ours.
SELECT claude.run_maintenance();

-- an expired message
SELECT tests.make_session() AS a \gset
SELECT tests.make_session() AS b \gset
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'mt-old', body => 'b') AS m_old \gset
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'mt-new', body => 'b') AS m_new \gset
UPDATE claude.messages SET expires_at = now() - interval '1 day' WHERE message_id = :'m_old';
-- a stale job run
SELECT tests.make_job(job_name => 'mt-stale', timeout_seconds => 60) AS job \gset
SELECT claude.claim_job(job_id => :'job') IS NOT NULL;
UPDATE claude.job_run_history SET started_at = now() - interval '3 minutes' WHERE job_id = :'job';
-- an abandoned session
SELECT tests.make_identity('mt-crashed') AS crashed \gset
SELECT tests.make_session(:'crashed', 'mt-project') AS s_crashed \gset
UPDATE claude.sessions SET session_start = now() - interval '13 hours' WHERE session_id = :'s_crashed';
UPDATE claude.identities SET last_active_at = now() - interval '13 hours' WHERE identity_id = :'crashed';
-- old activity
INSERT INTO claude.activity_feed (source_type, activity_type, title, project_name, created_at)
VALUES ('test', 'test_passed', 'mt-old-activity', 'mt-project', now() - interval '100 days');
-- a question to a human past its deadline
SELECT claude.ask_human(session_id => tests.make_session(), question => 'mt-question?') AS q \gset
UPDATE claude.human_questions SET asked_at = now() - interval '2 hours', deadline = now() - interval '1 hour' WHERE question_id = :'q';

SELECT results_eq(
    $$SELECT task, affected FROM claude.run_maintenance()$$,
    $$VALUES ('expire_messages', 1), ('recover_stale_jobs', 1), ('end_abandoned_sessions', 1), ('escalate_overdue_questions', 1), ('archive_activity', 1)$$,
    'each task reports what it changed, in order');
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = :'m_old'), 'expired', 'the old message expired');
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = :'m_new'), 'pending', 'the new one did not');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'job'), 'TIMEOUT', 'the stale job was recovered');
SELECT isnt((SELECT session_end FROM claude.sessions WHERE session_id = :'s_crashed'), NULL, 'the abandoned session ended');
SELECT is((SELECT count(*)::int FROM claude.activity_feed_archive WHERE title = 'mt-old-activity'), 1, 'the old activity is archived');
SELECT results_eq(
    $$SELECT sum(affected)::int FROM claude.run_maintenance()$$, ARRAY[0], 'a second run finds nothing to do');

-- The parameters reach the tasks.
INSERT INTO claude.activity_feed (source_type, activity_type, title, project_name, created_at)
VALUES ('test', 'test_passed', 'mt-week-old', 'mt-project', now() - interval '8 days');
SELECT results_eq(
    $$SELECT affected FROM claude.run_maintenance(archive_older_than => interval '7 days') WHERE task = 'archive_activity'$$,
    ARRAY[1], 'archive_older_than is passed on');
SELECT throws_ok($$SELECT * FROM claude.run_maintenance(abandoned_idle_for => NULL)$$, '22023', NULL,
                 'a NULL interval is 22023 (from the task)');
SELECT throws_ok($$SELECT * FROM claude.run_maintenance(stale_grace_seconds => -1)$$, '22023', NULL,
                 'a negative grace is 22023');

-- Admin only, checked with real LOGIN roles.
SELECT tests.make_login('cgw_mt_admin', 'claude_admin'), tests.make_login('cgw_mt_agent'),
       tests.make_login('cgw_mt_reader', 'claude_reader');
SET LOCAL ROLE cgw_mt_agent;
SELECT throws_ok($$SELECT * FROM claude.run_maintenance()$$, '42501', NULL, 'an agent may not run it');
RESET ROLE;
SET LOCAL ROLE cgw_mt_reader;
SELECT throws_ok($$SELECT * FROM claude.run_maintenance()$$, '42501', NULL, 'a reader may not run it');
RESET ROLE;
SET LOCAL ROLE cgw_mt_admin;
SELECT lives_ok($$SELECT * FROM claude.run_maintenance()$$, 'an admin may');
RESET ROLE;
SELECT isnt(obj_description('claude.run_maintenance(interval, integer, interval)'::regprocedure, 'pg_proc'), NULL,
            'it carries a COMMENT');

SELECT * FROM finish();
ROLLBACK;
