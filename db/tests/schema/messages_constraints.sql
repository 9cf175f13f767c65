-- Each rule of messages and message_receipts rejects a bad row by itself.
-- The guard triggers (db/triggers/messages__*.sql) are switched off here so
-- that each CHECK is shown to hold on its own; the triggers have their tests.
BEGIN;
SELECT plan(19);
ALTER TABLE claude.messages DISABLE TRIGGER USER;
ALTER TABLE claude.message_receipts DISABLE TRIGGER USER;

CREATE TEMP TABLE t AS SELECT tests.make_session() AS a, tests.make_session() AS b;

SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, subject, body) SELECT a, 's', 'b' FROM t$$,
    '23514', NULL, 'a message needs a recipient');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, to_project, subject, body)
                   SELECT a, b, 'test-project', 's', 'b' FROM t$$,
    '23514', NULL, 'a message cannot have two recipients');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body)
                   SELECT a, gen_random_uuid(), 's', 'b' FROM t$$,
    '23503', NULL, 'the recipient session must exist');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_project, subject, body)
                   SELECT a, 'no-such-project', 's', 'b' FROM t$$,
    '23503', NULL, 'the recipient project must exist');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, message_type)
                   SELECT a, b, 's', 'b', 'gossip' FROM t$$,
    '23514', NULL, 'an unknown message_type is rejected');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, priority)
                   SELECT a, b, 's', 'b', 'high' FROM t$$,
    '23514', NULL, 'an unknown priority is rejected');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, status)
                   SELECT a, b, 's', 'b', 'deleted' FROM t$$,
    '23514', NULL, 'an unknown status is rejected');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) SELECT a, b, ' ', 'b' FROM t$$,
    '23514', NULL, 'a blank subject is rejected');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) SELECT a, b, 's', '' FROM t$$,
    '23514', NULL, 'a blank body is rejected');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) SELECT a, b, repeat('s', 201), 'b' FROM t$$,
    '22001', NULL, 'a subject longer than 200 characters is rejected');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, status)
                   SELECT a, b, 's', 'b', 'read' FROM t$$,
    '23514', NULL, 'a read message needs read_at');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, status, read_at)
                   SELECT a, b, 's', 'b', 'acknowledged', now() FROM t$$,
    '23514', NULL, 'an acknowledged message needs acknowledged_at');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, read_at)
                   SELECT a, b, 's', 'b', now() FROM t$$,
    '23514', NULL, 'a pending message has not been read');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_project, subject, body, status, read_at)
                   SELECT a, 'test-project', 's', 'b', 'read', now() FROM t$$,
    '23514', NULL, 'a broadcast keeps its read state in receipts, not on the message');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, metadata)
                   SELECT a, b, 's', 'b', '[]' FROM t$$,
    '23514', NULL, 'metadata must be a JSON object');

CREATE TEMP TABLE m AS
WITH ins AS (INSERT INTO claude.messages (from_session_id, to_project, subject, body)
             SELECT a, 'test-project', 's', 'b' FROM t RETURNING message_id)
SELECT message_id FROM ins;
SELECT throws_ok($$UPDATE claude.messages SET in_reply_to = message_id WHERE message_id = (SELECT message_id FROM m)$$,
    '23514', NULL, 'a message cannot reply to itself');
SELECT throws_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status)
                   SELECT m.message_id, s.identity_id, s.session_id, 'read' FROM m, t JOIN claude.sessions s ON s.session_id = t.b$$,
    '23514', NULL, 'a read receipt needs read_at');
SELECT lives_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at)
                  SELECT m.message_id, s.identity_id, s.session_id, 'read', now() FROM m, t JOIN claude.sessions s ON s.session_id = t.b$$,
    'a receipt per reader is accepted');
SELECT throws_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at)
                   SELECT m.message_id, s.identity_id, s.session_id, 'read', now() FROM m, t JOIN claude.sessions s ON s.session_id = t.b$$,
    '23505', NULL, 'one receipt per message and reader identity');

SELECT * FROM finish();
ROLLBACK;
