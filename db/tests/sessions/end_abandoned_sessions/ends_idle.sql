-- end_abandoned_sessions: ends idle sessions with a summary and a warning; leaves live ones alone.
BEGIN;
SELECT plan(10);

SELECT identity_id AS crashed, session_id AS s_crashed FROM tests.make_agent('ab-crashed', 'ab-project') \gset
SELECT identity_id AS alive, session_id AS s_alive FROM tests.make_agent('ab-alive', 'ab-project') \gset
SELECT identity_id AS hb, session_id AS s_hb FROM tests.make_agent('ab-heartbeat', 'ab-project') \gset
UPDATE claude.sessions SET session_start = now() - interval '13 hours' WHERE session_id IN (:'s_crashed', :'s_hb');
UPDATE claude.sessions SET session_start = now() - interval '11 hours' WHERE session_id = :'s_alive';
UPDATE claude.identities SET last_active_at = now() - interval '13 hours' WHERE identity_id = :'crashed';
UPDATE claude.identities SET last_active_at = now() - interval '11 hours' WHERE identity_id = :'alive';
UPDATE claude.identities SET last_active_at = now() - interval '5 minutes' WHERE identity_id = :'hb';

SELECT is(claude.end_abandoned_sessions(), 1, 'one session idle for more than 12 hours (the default) is ended');
SELECT isnt((SELECT session_end FROM claude.sessions WHERE session_id = :'s_crashed'), NULL, 'the crashed session has ended');
SELECT matches((SELECT session_summary FROM claude.sessions WHERE session_id = :'s_crashed'), '^Ended automatically', 'with an automatic summary');
SELECT is((SELECT count(*)::int FROM claude.sessions WHERE session_id IN (:'s_alive', :'s_hb') AND session_end IS NULL), 2,
          'a recent session and a session with a recent heartbeat stay active');
SELECT results_eq(
    format($$SELECT activity_type::text, severity::text FROM claude.activity_feed WHERE source_id = %L AND activity_type <> 'session_started' ORDER BY created_at$$, :'s_crashed'),
    $$VALUES ('session_ended', 'info'), ('session_auto_ended', 'warning')$$,
    'session_ended and a warning activity are logged');
SELECT is(claude.end_abandoned_sessions(), 0, 'running it again ends nothing');
SELECT is(claude.end_abandoned_sessions(idle_for => interval '10 hours'), 1, 'a shorter idle_for ends the 11-hour session');
SELECT lives_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => 'ab-project')$$, :'crashed'),
                'the crashed identity can start again');
SELECT throws_ok($$SELECT claude.end_abandoned_sessions(idle_for => NULL)$$, '22023', NULL, 'NULL idle_for is 22023');
SELECT throws_ok($$SELECT claude.end_abandoned_sessions(idle_for => interval '-1 hour')$$, '22023', NULL, 'negative idle_for is 22023');

SELECT * FROM finish();
ROLLBACK;
