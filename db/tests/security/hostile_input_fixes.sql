-- Inputs the hostile-input sweep (py/tests/test_security_hostile_input.py)
-- found leaking a non-contract error, or storing a value no client can read;
-- each now fails with the contract's 22023 (or simply works).
BEGIN;
SELECT plan(26);

SELECT tests.make_session(project_name => 'security-fixes') AS s \gset
SELECT tests.make_job(job_name => 'security-stale', retry_on_failure => true) AS j \gset

-- intervals reaching before the first representable instant (was 22008 timestamp out of range)
SELECT is(claude.archive_activity(older_than => '999999999 days'), 0, 'archive_activity with an age beyond the calendar archives nothing');
SELECT is(claude.end_abandoned_sessions(idle_for => '999999999 days'), 0, 'end_abandoned_sessions with an idle time beyond the calendar ends nothing');
SELECT ok((SELECT session_end IS NULL FROM claude.sessions WHERE session_id = :'s'), 'and the session is still active');

-- integer overflow (was 22003 integer out of range from timeout_seconds + grace_seconds)
SELECT lives_ok(format($$SELECT claude.claim_job(job_id => %L)$$, :'j'), 'a job is RUNNING');
SELECT lives_ok($$SELECT claude.recover_stale_jobs(grace_seconds => 2147483647)$$, 'recover_stale_jobs with the largest grace works...');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'j'), 'RUNNING', '...and leaves the fresh run alone');
UPDATE claude.scheduled_jobs SET last_run = now() - interval '1 hour' WHERE job_id = :'j';
UPDATE claude.job_run_history SET started_at = now() - interval '1 hour' WHERE job_id = :'j';
SELECT cmp_ok(claude.recover_stale_jobs(grace_seconds => 0), '>=', 1, 'while a small grace still recovers...');
SELECT is((SELECT last_status::text FROM claude.scheduled_jobs WHERE job_id = :'j'), 'TIMEOUT', '...the stale job');

-- cron_next within years 1..9999 (was 22008 near the end of the timestamp range)
SELECT throws_ok($$SELECT claude.cron_next('* * * * *', '294276-12-31 23:59:59+00')$$, '22023', NULL, 'after at the end of the timestamp range: 22023');
SELECT throws_ok($$SELECT claude.cron_next('* * * * *', '0002-01-01 BC')$$, '22023', NULL, 'after before year 1: 22023 (no year 0 in the search)');
SELECT throws_ok($$SELECT claude.cron_next('0 0 1 1 *', '9999-06-01 00:00:00+00')$$, '22023', NULL, 'a next run after year 9999: 22023');
SELECT is(claude.cron_next('0 0 * * *', '9999-12-01 12:00:00+00'), '9999-12-02 00:00:00+00'::timestamptz, 'a next run within year 9999 is fine');

-- reminders: check_after a calendar date, reschedule_days bounded (a reminder at -infinity broke every Python get_due_reminders)
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => '-infinity')$$, '22023', NULL, 'check_after -infinity: 22023');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => 'infinity')$$, '22023', NULL, 'check_after infinity: 22023');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => '4713-01-01 BC')$$, '22023', NULL, 'check_after BC: 22023');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => '10000-01-01 00:00:00+00')$$, '22023', NULL, 'check_after past year 9999: 22023');
SELECT throws_ok($$SELECT claude.create_reminder(title => 't', check_after => now(), reschedule_days => 36501)$$, '22023', NULL, 'reschedule_days beyond 100 years: 22023');
SELECT isnt(claude.create_reminder(title => 't', check_after => now(), reschedule_days => 36500), NULL, '100 years is fine');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after) VALUES ('direct', '-infinity')$$, '23514', NULL,
    'the table refuses a check_after outside years 1..9999 (reminders_check_after_is_a_calendar_date)');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, reschedule_days) VALUES ('direct', now(), 36501)$$, '23514', NULL,
    'the table refuses reschedule_days beyond 36500 (reminders_reschedule_days_is_at_most_100_years)');

-- messages: an expiry past year 9999 (was stored: year 10240 broke the recipient's Python inbox)
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => 'b', expires_in_days => 3000000)$$, :'s', :'s'),
    '22023', NULL, 'send_message expiring after year 9999: 22023');
SELECT throws_ok(format($$SELECT claude.broadcast_to_project(from_session_id => %L, project_name => 'security-fixes', subject => 's', body => 'b', expires_in_days => 3000000)$$, :'s'),
    '22023', NULL, 'broadcast_to_project expiring after year 9999: 22023');
SELECT isnt(claude.send_message(from_session_id => :'s', to_session_id => :'s', subject => 's', body => 'b', expires_in_days => 2000000), NULL,
    'an expiry within year 9999 is fine');
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, expires_at) VALUES (%L, %L, 's', 'b', 'infinity')$$, :'s', :'s'),
    '23514', NULL, 'the table refuses an expires_at outside years 1..9999 (messages_expires_at_is_a_calendar_date)');

-- every stored time a client reads back is within Python's datetime range
SELECT is_empty($$SELECT reminder_id FROM claude.reminders WHERE NOT isfinite(check_after) OR check_after >= '9999-12-31'$$, 'no reminder out of range');
SELECT is_empty($$SELECT message_id FROM claude.messages WHERE NOT isfinite(expires_at) OR expires_at >= '9999-12-31'$$, 'no message out of range');

SELECT * FROM finish();
ROLLBACK;
