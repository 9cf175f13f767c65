-- send_message: what a new direct message looks like.
BEGIN;
SELECT plan(14);

SELECT tests.make_session() AS a \gset
SELECT tests.make_session() AS b \gset

SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'review', body => 'PR #12') AS m \gset
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = :'m'), 'pending', 'a new message is pending');
SELECT is((SELECT message_type::text FROM claude.messages WHERE message_id = :'m'), 'notification', 'message_type defaults to notification');
SELECT is((SELECT priority::text FROM claude.messages WHERE message_id = :'m'), 'normal', 'priority defaults to normal');
SELECT is((SELECT expires_at FROM claude.messages WHERE message_id = :'m'), now() + interval '7 days', 'expires in 7 days by default');
SELECT is((SELECT metadata FROM claude.messages WHERE message_id = :'m'), '{}'::jsonb, 'metadata defaults to {}');
SELECT is((SELECT (to_session_id, to_project, from_session_id)::text FROM claude.messages WHERE message_id = :'m'),
          (:'b'::uuid, NULL::text, :'a'::uuid)::text, 'sender and recipient session recorded, no project');

SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b',
                           message_type => 'handoff', priority => 'urgent', expires_in_days => NULL,
                           metadata => '{"pr": 12}', in_reply_to => :'m') AS r \gset
SELECT is((SELECT expires_at FROM claude.messages WHERE message_id = :'r'), NULL, 'expires_in_days NULL: never expires');
SELECT is((SELECT (message_type, priority, metadata ->> 'pr', in_reply_to)::text FROM claude.messages WHERE message_id = :'r'),
          ('handoff', 'urgent', '12', :'m'::uuid)::text, 'type, priority, metadata and in_reply_to stored');
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b', expires_in_days => 1) AS d1 \gset
SELECT is((SELECT expires_at FROM claude.messages WHERE message_id = :'d1'), now() + interval '1 day', 'expires_in_days 1: expires tomorrow');
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b', metadata => NULL) AS mn \gset
SELECT is((SELECT metadata FROM claude.messages WHERE message_id = :'mn'), '{}'::jsonb, 'metadata NULL is stored as {}');

-- A recipient session that has ended is fine: mail follows the identity.
UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'b';
SELECT lives_ok($$SELECT claude.send_message(from_session_id => '$$ || :'a' || $$', to_session_id => '$$ || :'b' || $$', subject => 's', body => 'b')$$,
                'sending to an ended session is allowed');

-- A sender may message itself.
SELECT lives_ok($$SELECT claude.send_message(from_session_id => '$$ || :'a' || $$', to_session_id => '$$ || :'a' || $$', subject => 'note', body => 'to self')$$,
                'a session may send to itself');

-- Activity: message_sent, pointing at the message, by the sender.
SELECT is((SELECT count(*)::int FROM claude.activity_feed
            WHERE source_type = 'message' AND source_id = :'m' AND activity_type = 'message_sent'
              AND actor = (SELECT i.identity_name FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE s.session_id = :'a')
              AND project_name = 'test-project' AND severity = 'info'),
          1, 'message_sent logged once with the sender as actor');
SELECT is((SELECT severity::text FROM claude.activity_feed WHERE source_id = :'r' AND activity_type = 'message_sent'),
          'warning', 'an urgent message is logged as a warning');

SELECT * FROM finish();
ROLLBACK;
