-- session_context: the bounded context of a session that goes on (nothing ended or started); touch_session and liveness.
BEGIN;
SELECT plan(13);

SELECT tests.make_session(NULL, 'sc-project') AS peer \gset
SELECT tests.make_identity('sc-agent') AS agent \gset
SELECT tests.make_session(:'agent', 'sc-project') AS s \gset
SELECT count(*) FROM (SELECT claude.send_message(from_session_id => :'peer', to_session_id => :'s', subject => 'm' || g, body => repeat('z', 3000))
                        FROM generate_series(1, 25) g) x;
SELECT (SELECT count(*) FROM claude.sessions) AS sessions_before \gset

SELECT claude.session_context(session_id => :'s') AS ctx \gset
SELECT is((:'ctx'::jsonb ->> 'session_id')::uuid, :'s'::uuid, 'the same session');
SELECT is((SELECT count(*) FROM claude.sessions), :'sessions_before'::bigint, 'no session started');
SELECT is((SELECT session_end FROM claude.sessions WHERE session_id = :'s'), NULL, 'the session goes on');
SELECT is(jsonb_array_length(:'ctx'::jsonb -> 'pending_messages'), 20, 'at most 20 messages');
SELECT is((:'ctx'::jsonb ->> 'pending_messages_total')::int, 25, 'with the total');
SELECT ok(length(:'ctx'::jsonb -> 'pending_messages' -> 0 ->> 'body') < 2100, 'bodies cut to 2,000 characters');
SELECT is((SELECT count(*)::int FROM claude.session_injections WHERE session_id = :'s'), 20, 'what it shows counts as injected');

SELECT is((SELECT liveness FROM claude.active_sessions WHERE session_id = :'s'), 'working', 'just seen: working');
SELECT claude.touch_session(session_id => :'s', activity_state => 'idle');
SELECT is((SELECT liveness FROM claude.active_sessions WHERE session_id = :'s'), 'idle', 'its turn ended: idle');
UPDATE claude.sessions SET session_start = now() - interval '3 hours', last_seen_at = now() - interval '3 hours' WHERE session_id = :'s';
SELECT is((SELECT liveness FROM claude.active_sessions WHERE session_id = :'s'), 'gone', 'silent for hours: gone');
SELECT throws_ok(format($$SELECT claude.touch_session(session_id => %L, activity_state => 'sleeping')$$, :'s'), '22023', NULL, 'an unknown state is 22023');
SELECT throws_ok($$UPDATE claude.sessions SET activity_state = 'sleeping'$$, '23514', NULL, 'the table refuses it too');
SELECT claude.end_session(session_id => :'s', summary => 'x');
SELECT throws_ok(format($$SELECT claude.session_context(session_id => %L)$$, :'s'), '55000', NULL, 'an ended session cannot go on');

SELECT * FROM finish();
ROLLBACK;
