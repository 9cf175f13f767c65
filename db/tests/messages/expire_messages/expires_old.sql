-- expire_messages: pending and read messages past expires_at become expired;
-- the count is reported; acknowledged and never-expiring ones stay.
BEGIN;
SELECT plan(7);

SELECT tests.make_session() AS a \gset
SELECT tests.make_session() AS b \gset
CREATE TEMP TABLE msg (k text PRIMARY KEY, id uuid);
INSERT INTO msg SELECT k, claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => k, body => 'b')
  FROM unnest(ARRAY['pending', 'read', 'acked', 'future', 'edge']) k;
INSERT INTO msg SELECT 'never', claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'never', body => 'b', expires_in_days => NULL);
INSERT INTO msg SELECT 'bc', claude.broadcast_to_project(from_session_id => :'a', project_name => 'test-project', subject => 'bc', body => 'b');
SELECT claude.mark_message_read(message_id => (SELECT id FROM msg WHERE k = 'read'));
SELECT claude.acknowledge_message(message_id => (SELECT id FROM msg WHERE k = 'acked'));
UPDATE claude.messages SET expires_at = now() - interval '1 day' WHERE message_id IN (SELECT id FROM msg WHERE k IN ('pending', 'read', 'acked', 'bc'));
UPDATE claude.messages SET expires_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'edge');
UPDATE claude.messages SET created_at = now() - interval '1 year' WHERE message_id = (SELECT id FROM msg WHERE k = 'never');

SELECT is(claude.expire_messages(), 4, 'four messages expired: pending, read, the broadcast and the one expiring right now');
SELECT results_eq($$SELECT k FROM msg JOIN claude.messages m ON m.message_id = msg.id WHERE m.status = 'expired' ORDER BY k$$,
                  ARRAY['bc', 'edge', 'pending', 'read'], 'exactly those are expired');
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = (SELECT id FROM msg WHERE k = 'acked')), 'acknowledged', 'an acknowledged message stays acknowledged');
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = (SELECT id FROM msg WHERE k = 'never')), 'pending', 'a message without expires_at never expires');
SELECT is((SELECT read_at FROM claude.messages WHERE message_id = (SELECT id FROM msg WHERE k = 'read')), now(), 'read_at is kept on expiry');
SELECT is(claude.expire_messages(), 0, 'a second run finds nothing');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_type = 'message' AND activity_type NOT IN ('message_sent', 'message_read', 'message_acknowledged')),
          0, 'expiry logs no activity');

SELECT * FROM finish();
ROLLBACK;
