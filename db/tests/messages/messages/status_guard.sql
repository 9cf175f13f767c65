-- The messages trigger: direct table writes by the owner cannot break the
-- status machine, the set-once times or a sent message's content.
BEGIN;
SELECT plan(22);

SELECT tests.make_session() AS a \gset
SELECT tests.make_session() AS b \gset
CREATE TEMP TABLE ids AS SELECT :'a'::uuid AS a, :'b'::uuid AS b;
CREATE TEMP TABLE msg (k text PRIMARY KEY, id uuid);
INSERT INTO msg SELECT k, claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => k, body => 'b')
  FROM unnest(ARRAY['pending', 'read', 'acked', 'expired', 'readexp']) k;
UPDATE claude.messages SET status = 'read', read_at = now() WHERE message_id IN (SELECT id FROM msg WHERE k IN ('read', 'readexp'));
UPDATE claude.messages SET status = 'acknowledged', read_at = now(), acknowledged_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'acked');
UPDATE claude.messages SET status = 'expired' WHERE message_id = (SELECT id FROM msg WHERE k = 'expired');
SELECT claude.broadcast_to_project(from_session_id => :'a', project_name => 'test-project', subject => 'bc', body => 'b') AS bc \gset
INSERT INTO msg VALUES ('bc', :'bc');

SELECT throws_ok($$UPDATE claude.messages SET status = 'pending', read_at = NULL WHERE message_id = (SELECT id FROM msg WHERE k = 'read')$$,
                 '55000', NULL, 'read -> pending');
SELECT throws_ok($$UPDATE claude.messages SET status = 'read' WHERE message_id = (SELECT id FROM msg WHERE k = 'acked')$$,
                 '55000', NULL, 'acknowledged -> read');
SELECT throws_ok($$UPDATE claude.messages SET status = 'expired' WHERE message_id = (SELECT id FROM msg WHERE k = 'acked')$$,
                 '55000', NULL, 'acknowledged -> expired');
SELECT throws_ok($$UPDATE claude.messages SET status = 'pending' WHERE message_id = (SELECT id FROM msg WHERE k = 'expired')$$,
                 '55000', NULL, 'expired -> pending');
SELECT throws_ok($$UPDATE claude.messages SET status = 'read', read_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'expired')$$,
                 '55000', NULL, 'expired -> read');
SELECT throws_ok($$UPDATE claude.messages SET read_at = now() - interval '1 hour' WHERE message_id = (SELECT id FROM msg WHERE k = 'read')$$,
                 '55000', NULL, 'read_at is set once');
SELECT throws_ok($$UPDATE claude.messages SET acknowledged_at = NULL, status = 'acknowledged' WHERE message_id = (SELECT id FROM msg WHERE k = 'acked')$$,
                 '55000', NULL, 'acknowledged_at is set once');
SELECT throws_ok($$UPDATE claude.messages SET acknowledged_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'read')$$,
                 '55000', NULL, 'acknowledged_at only with status acknowledged');
SELECT throws_ok($$UPDATE claude.messages SET status = 'read' WHERE message_id = (SELECT id FROM msg WHERE k = 'pending')$$,
                 '23514', NULL, 'read without read_at fails the CHECK');
SELECT throws_ok($$UPDATE claude.messages SET status = 'read', read_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'bc')$$,
                 '23514', NULL, 'a broadcast''s status never becomes read (state lives in receipts)');
SELECT throws_ok($$UPDATE claude.messages SET subject = 'changed' WHERE message_id = (SELECT id FROM msg WHERE k = 'pending')$$,
                 '55000', NULL, 'the subject of a sent message is immutable');
SELECT throws_ok($$UPDATE claude.messages SET to_session_id = (SELECT a FROM ids) WHERE message_id = (SELECT id FROM msg WHERE k = 'pending')$$,
                 '55000', NULL, 'the recipient of a sent message is immutable');

UPDATE claude.messages SET expires_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'readexp');
SELECT throws_ok($$UPDATE claude.messages SET status = 'acknowledged', acknowledged_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'readexp')$$,
                 '55000', NULL, 'no acknowledging after expires_at, even directly');

SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, status, read_at) VALUES ((SELECT a FROM ids), (SELECT b FROM ids), 's', 'b', 'read', now())$$,
                 '55000', NULL, 'a new message starts pending');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, to_project, subject, body) VALUES ((SELECT a FROM ids), (SELECT b FROM ids), 'test-project', 's', 'b')$$,
                 '23514', NULL, 'exactly one recipient (not both)');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, subject, body) VALUES ((SELECT a FROM ids), 's', 'b')$$,
                 '23514', NULL, 'exactly one recipient (not none)');

-- What stays allowed.
SELECT lives_ok($$UPDATE claude.messages SET status = 'read', read_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'pending')$$, 'pending -> read');
SELECT lives_ok($$UPDATE claude.messages SET status = 'expired' WHERE message_id = (SELECT id FROM msg WHERE k = 'pending')$$, 'read -> expired');
SELECT lives_ok($$UPDATE claude.messages SET status = 'expired' WHERE message_id = (SELECT id FROM msg WHERE k = 'bc')$$, 'a broadcast: pending -> expired');
SELECT lives_ok($$UPDATE claude.messages SET created_at = now() - interval '2 days', expires_at = now() + interval '1 day', priority = 'urgent', metadata = '{"x": 1}' WHERE message_id = (SELECT id FROM msg WHERE k = 'read')$$,
                'time columns, priority and metadata stay writable by the owner');

UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'a';
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) VALUES ((SELECT a FROM ids), (SELECT b FROM ids), 's', 'b')$$,
                 '55000', NULL, 'an ended session cannot send, even directly');
SELECT lives_ok($$UPDATE claude.messages SET priority = 'low' WHERE message_id = (SELECT id FROM msg WHERE k = 'read')$$,
                'messages of an ended sender stay updatable');

SELECT * FROM finish();
ROLLBACK;
