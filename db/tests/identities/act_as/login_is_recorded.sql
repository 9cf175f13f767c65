-- Every message and activity row records the login that caused it, filled by
-- the database (default session_user; the triggers refuse any other value;
-- never from an argument).  from_overseer is true exactly for messages sent
-- by a member of claude_overseer: no argument, no other login (an agent, an
-- admin, the superuser) and no direct write can make it true, and it shows in
-- every row type that shows messages.
BEGIN;
SELECT plan(22);

SELECT tests.make_login('cgw_login_agent'), tests.make_login('cgw_login_adm', 'claude_admin'),
       tests.make_login('cgw_login_boss', 'claude_overseer');
SELECT tests.make_session(tests.make_identity('login-agent'), 'login') AS s_agent \gset
SELECT tests.make_session(tests.make_identity('login-boss'), 'login') AS s_boss \gset
SELECT tests.make_session(tests.make_identity('login-adm'), 'login') AS s_adm \gset
SELECT tests.make_session(tests.make_identity('login-rcpt'), 'login') AS s_rcpt \gset

SET SESSION AUTHORIZATION cgw_login_agent;
SELECT claude.send_message(from_session_id => :'s_agent', to_session_id => :'s_rcpt', subject => 'from an agent',
                           body => 'b', metadata => '{"from_overseer": true, "sent_by_login": "cgw_login_boss"}') AS m_agent \gset
SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => 'someone', activity_type => 'probe',
                           title => 'logged by an agent') AS a_agent \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION cgw_login_boss;
SELECT claude.send_message(from_session_id => :'s_boss', to_session_id => :'s_rcpt', subject => 'from the overseer', body => 'b') AS m_boss \gset
SELECT claude.broadcast_to_project(from_session_id => :'s_boss', project_name => 'login', subject => 'overseer to all', body => 'b') AS m_boss_bc \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION cgw_login_adm;
SELECT claude.send_message(from_session_id => :'s_adm', to_session_id => :'s_rcpt', subject => 'from an admin', body => 'b') AS m_adm \gset
RESET SESSION AUTHORIZATION;
SELECT claude.send_message(from_session_id => :'s_adm', to_session_id => :'s_rcpt', subject => 'from the superuser', body => 'b') AS m_su \gset

SELECT is((SELECT sent_by_login FROM claude.messages WHERE message_id = :'m_agent'), 'cgw_login_agent', 'a message records the sending login');
SELECT is((SELECT caused_by_login FROM claude.activity_feed WHERE id = :'a_agent'), 'cgw_login_agent', 'log_activity records the calling login');
SELECT is((SELECT caused_by_login FROM claude.activity_feed WHERE source_id = :'m_boss' AND activity_type = 'message_sent'),
    'cgw_login_boss', 'a trigger-written activity entry records the login whose statement caused it');
SELECT is((SELECT sent_by_login FROM claude.messages WHERE message_id = :'m_su'), session_user::text, 'the superuser''s message records its login too');

SELECT is((SELECT from_overseer FROM claude.messages WHERE message_id = :'m_boss'), true, 'a message from a claude_overseer member is marked');
SELECT is((SELECT from_overseer FROM claude.messages WHERE message_id = :'m_boss_bc'), true, 'so is its broadcast');
SELECT is((SELECT from_overseer FROM claude.messages WHERE message_id = :'m_agent'), false, 'an agent''s message is not, whatever its metadata says');
SELECT is((SELECT from_overseer FROM claude.messages WHERE message_id = :'m_adm'), false, 'an admin is not an overseer');
SELECT is((SELECT from_overseer FROM claude.messages WHERE message_id = :'m_su'), false, 'a superuser is not an overseer');

-- shown wherever messages are shown
SELECT is((SELECT (from_overseer, sent_by_login) FROM claude.inbox WHERE message_id = :'m_boss'), (true, 'cgw_login_boss'::text), 'claude.inbox shows from_overseer and sent_by_login');
SELECT is((SELECT from_overseer FROM claude.get_pending_messages(session_id => :'s_rcpt') WHERE message_id = :'m_boss'), true, 'get_pending_messages rows show from_overseer');
SELECT is((SELECT from_overseer FROM claude.get_message_thread(message_id => :'m_boss')), true, 'get_message_thread rows show from_overseer');
SELECT is((SELECT count(*)::int FROM jsonb_array_elements(claude.session_startup(identity_id => (SELECT identity_id FROM claude.sessions WHERE session_id = :'s_rcpt'),
                                                                          project_name => 'login') -> 'pending_messages') m
            WHERE (m ->> 'from_overseer')::boolean), 2, 'session_startup''s pending messages show from_overseer');
UPDATE claude.messages SET created_at = now() - interval '2 hours', priority = 'urgent' WHERE message_id = :'m_boss';
SELECT is((SELECT from_overseer FROM claude.urgent_unread_messages WHERE message_id = :'m_boss'), true, 'claude.urgent_unread_messages shows from_overseer');

-- direct writes (only the owner can write tables) cannot forge either
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, from_overseer)
                          VALUES (%L, %L, 'forged', 'b', true)$$, :'s_adm', :'s_rcpt'),
    '23514', NULL, 'a non-overseer cannot insert from_overseer = true');
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, sent_by_login)
                          VALUES (%L, %L, 'forged', 'b', 'cgw_login_boss')$$, :'s_adm', :'s_rcpt'),
    '23514', NULL, 'sent_by_login cannot name another login');
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, sent_by_login)
                          VALUES (%L, %L, 'forged', 'b', NULL)$$, :'s_adm', :'s_rcpt'),
    '23514', NULL, 'sent_by_login cannot be left NULL');
SELECT throws_ok($$INSERT INTO claude.activity_feed (source_type, activity_type, title, caused_by_login)
                   VALUES ('test', 'forged', 'forged', 'cgw_login_boss')$$,
    '23514', NULL, 'caused_by_login cannot name another login');
SELECT throws_ok(format($$UPDATE claude.messages SET from_overseer = true WHERE message_id = %L$$, :'m_agent'),
    '55000', NULL, 'from_overseer never changes');
SELECT throws_ok(format($$UPDATE claude.messages SET sent_by_login = 'x' WHERE message_id = %L$$, :'m_agent'),
    '55000', NULL, 'sent_by_login never changes');

-- an overseer cannot hide either: the database sets the flag
SET SESSION AUTHORIZATION cgw_login_boss;
SELECT is((SELECT proname FROM pg_proc WHERE proname = 'send_message' AND 'from_overseer' = ANY (proargnames)), NULL,
    'no API function takes from_overseer as an argument');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*)::int FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace
            AND (proargnames && ARRAY['from_overseer', 'sent_by_login', 'caused_by_login']::text[])), 0,
    'no function of schema claude has a parameter for the recorded login or the overseer flag');

SELECT * FROM finish();
ROLLBACK;
