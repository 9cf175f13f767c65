-- get_message_thread: the whole thread from any of its messages, root first.
BEGIN;
SELECT plan(6);

SELECT tests.make_session() AS a \gset
SELECT tests.make_session() AS b \gset
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'root', body => 'q') AS root \gset
SELECT claude.send_message(from_session_id => :'b', to_session_id => :'a', subject => 're1', body => 'a', in_reply_to => :'root') AS re1 \gset
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 're2', body => 'a', in_reply_to => :'re1') AS re2 \gset
SELECT claude.broadcast_to_project(from_session_id => :'b', project_name => 'test-project', subject => 're-side', body => 'a', in_reply_to => :'root') AS side \gset
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'unrelated', body => 'x') AS other \gset
UPDATE claude.messages SET created_at = now() - interval '4 minutes' WHERE message_id = :'root';
UPDATE claude.messages SET created_at = now() - interval '3 minutes' WHERE message_id = :'re1';
UPDATE claude.messages SET created_at = now() - interval '2 minutes' WHERE message_id = :'side';
UPDATE claude.messages SET created_at = now() - interval '1 minutes' WHERE message_id = :'re2';
SELECT claude.acknowledge_message(message_id => :'re1');

SELECT results_eq($$SELECT subject::text FROM claude.get_message_thread(message_id => '$$ || :'re2' || $$')$$,
                  ARRAY['root', 're1', 're-side', 're2'], 'from a leaf: the whole thread, root first, then by created_at, whatever the status');
SELECT results_eq($$SELECT subject::text FROM claude.get_message_thread(message_id => '$$ || :'root' || $$')$$,
                  ARRAY['root', 're1', 're-side', 're2'], 'from the root: the same thread');
SELECT results_eq($$SELECT subject::text FROM claude.get_message_thread(message_id => '$$ || :'other' || $$')$$,
                  ARRAY['unrelated'], 'a message without replies is a thread of one');
-- Even if a reply were older than its root (hand-edited clock), the root comes first.
UPDATE claude.messages SET created_at = now() - interval '1 hour' WHERE message_id = :'re2';
SELECT is((SELECT subject::text FROM claude.get_message_thread(message_id => :'re1') LIMIT 1), 'root', 'the root is always first');
SELECT throws_ok($$SELECT * FROM claude.get_message_thread(message_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown message');
SELECT throws_ok($$SELECT * FROM claude.get_message_thread(message_id => NULL)$$, '22023', NULL, 'message_id NULL');

SELECT * FROM finish();
ROLLBACK;
