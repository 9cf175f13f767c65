-- deliver_new_messages: what arrived since the session started, urgent first, bounded, each message once per session.
BEGIN;
SELECT plan(19);

SELECT tests.make_session(NULL, 'dn-project') AS peer \gset
SELECT tests.make_identity('dn-agent') AS agent \gset
SELECT tests.make_session(:'agent', 'dn-project') AS s1 \gset
UPDATE claude.sessions SET session_start = now() - interval '1 hour' WHERE session_id = :'s1';
-- pending before the session started: the session start showed it, not this hook
SELECT claude.send_message(from_session_id => :'peer', to_session_id => :'s1', subject => 'old', body => 'x') AS old \gset
UPDATE claude.messages SET created_at = now() - interval '2 hours' WHERE message_id = :'old';

SELECT is(claude.deliver_new_messages(session_id => :'s1') -> 'messages', '[]'::jsonb, 'nothing new: no messages');
SELECT claude.send_message(from_session_id => :'peer', to_session_id => :'s1', subject => 'n1', body => 'normal') AS n1 \gset
SELECT claude.send_message(from_session_id => :'peer', to_session_id => :'s1', subject => 'u1', body => 'urgent', priority => 'urgent') AS u1 \gset
SELECT claude.send_message(from_session_id => :'peer', to_session_id => :'s1', subject => 'n2', body => repeat('b', 1500)) AS n2 \gset

UPDATE claude.messages SET created_at = now() - interval '3 minutes' WHERE message_id = :'n1';
UPDATE claude.messages SET created_at = now() - interval '1 minute' WHERE message_id = :'n2';
SELECT claude.deliver_new_messages(session_id => :'s1', max_messages => 2) AS first \gset
SELECT is(ARRAY(SELECT e ->> 'subject' FROM jsonb_array_elements((:'first'::jsonb) -> 'messages') e), ARRAY['u1', 'n1'],
          'urgent first, then oldest; at most limit');
SELECT is((:'first'::jsonb ->> 'more')::int, 1, 'the rest is counted');
SELECT claude.deliver_new_messages(session_id => :'s1') AS second \gset
SELECT is(ARRAY(SELECT e ->> 'subject' FROM jsonb_array_elements((:'second'::jsonb) -> 'messages') e), ARRAY['n2'],
          'the next call delivers only what was not delivered');
SELECT ok(length((:'second'::jsonb) -> 'messages' -> 0 ->> 'body') < 1100, 'a long body is cut');
SELECT is(claude.deliver_new_messages(session_id => :'s1') -> 'messages', '[]'::jsonb, 'each message at most once per session');
SELECT is((SELECT count(*)::int FROM claude.session_injections WHERE session_id = :'s1'), 3, 'recorded in session_injections');
SELECT throws_ok(format($$INSERT INTO claude.session_injections (session_id, message_id) VALUES (%L, %L)$$, :'s1', :'u1'),
                 '23505', NULL, 'the database refuses a second injection of a message into a session');
SELECT isnt((SELECT last_seen_at FROM claude.sessions WHERE session_id = :'s1'), NULL, 'delivering marks the session seen');

-- the next session: still unread, so its start shows it again (and this hook does not)
SELECT claude.end_session(session_id => :'s1', summary => 'done');
SELECT claude.start_session(identity_id => :'agent', project_name => 'dn-project') AS s2 \gset
SELECT ok(EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'s2') WHERE message_id = :'u1'),
          'unread mail stays pending for the next session');
SELECT throws_ok(format($$SELECT claude.deliver_new_messages(session_id => %L)$$, :'s1'), '55000', NULL, 'an ended session is 55000');
SELECT throws_ok($$SELECT claude.deliver_new_messages(session_id => gen_random_uuid())$$, 'P0002', NULL, 'an unknown session is P0002');
SELECT throws_ok(format($$SELECT claude.deliver_new_messages(session_id => %L, max_messages => 0)$$, :'s2'), '22023', NULL, 'max_messages 0 is 22023');
SELECT throws_ok(format($$SELECT claude.deliver_new_messages(session_id => %L, max_messages => 21)$$, :'s2'), '22023', NULL, 'max_messages 21 is 22023');

-- broadcasts and mail to an earlier session of the identity (the quick "nothing new" answer
-- must not hide them, nor keep answering "something" for mail that is not for this agent)
SELECT claude.deliver_new_messages(session_id => :'s2') AS drained \gset
SELECT claude.broadcast_to_project(from_session_id => :'s2', project_name => 'dn-project', subject => 'mine', body => 'x') AS mine \gset
SELECT is(claude.deliver_new_messages(session_id => :'s2') -> 'messages', '[]'::jsonb, 'my own broadcast is not mail for me');
SELECT claude.broadcast_to_project(from_session_id => :'peer', project_name => 'dn-project', subject => 'read', body => 'x') AS read_one \gset
SELECT claude.mark_message_read(message_id => :'read_one', session_id => :'s2');
SELECT is(claude.deliver_new_messages(session_id => :'s2') -> 'messages', '[]'::jsonb, 'a broadcast I read is not new');
SELECT claude.broadcast_to_project(from_session_id => :'peer', project_name => 'dn-project', subject => 'b1', body => 'x') AS b1 \gset
SELECT claude.send_message(from_session_id => :'peer', to_session_id => :'s1', subject => 'to-earlier', body => 'x') AS te \gset
SELECT is(ARRAY(SELECT e ->> 'subject' FROM jsonb_array_elements(claude.deliver_new_messages(session_id => :'s2') -> 'messages') e ORDER BY 1),
          ARRAY['b1', 'to-earlier'], 'a broadcast from a peer and mail to an earlier session of mine are delivered');
SELECT is(claude.deliver_new_messages(session_id => :'s2') -> 'messages', '[]'::jsonb, 'and only once');
SELECT is(claude.deliver_new_messages(session_id => :'s2') - 'session_id', '{"messages": [], "more": 0}'::jsonb,
          'the quick answer has the shape of the full one');

SELECT * FROM finish();
ROLLBACK;
