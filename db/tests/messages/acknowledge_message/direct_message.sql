-- mark_message_read / acknowledge_message on direct messages: state on the
-- message row, set once, one way; the reader is the recipient identity.
BEGIN;
SELECT plan(22);

SELECT tests.make_identity('rcpt') AS r \gset
SELECT tests.make_session(identity_id => :'r') AS r_old \gset
UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'r_old';
SELECT tests.make_session(identity_id => :'r') AS r_now \gset
SELECT tests.make_session() AS s \gset
CREATE TEMP TABLE ids AS SELECT :'r_old'::uuid AS r_old, :'r_now'::uuid AS r_now, :'s'::uuid AS s;

SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_old', subject => 'one', body => 'b') AS m1 \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'two', body => 'b') AS m2 \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'three', body => 'b') AS m3 \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'four', body => 'b') AS m4 \gset
CREATE TEMP TABLE msg AS SELECT :'m1'::uuid AS m1, :'m2'::uuid AS m2, :'m3'::uuid AS m3, :'m4'::uuid AS m4;

-- Read (with the current session, though it was sent to the ended one).
SELECT lives_ok($$SELECT claude.mark_message_read(message_id => (SELECT m1 FROM msg), session_id => (SELECT r_now FROM ids))$$,
                'the identity''s current session reads mail sent to its ended session');
SELECT is((SELECT (status, read_at, acknowledged_at)::text FROM claude.messages WHERE message_id = :'m1'),
          ('read', now(), NULL::timestamptz)::text, 'read: status read, read_at set');
SELECT lives_ok($$SELECT claude.mark_message_read(message_id => (SELECT m1 FROM msg))$$, 'reading a read message again is a no-op');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'m1' AND activity_type = 'message_read' AND actor = 'rcpt' AND severity = 'info'),
          1, 'message_read logged once, by the recipient');

-- Acknowledge from read, then again.
SELECT lives_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m1 FROM msg))$$, 'acknowledge a read message');
SELECT is((SELECT (status, read_at, acknowledged_at)::text FROM claude.messages WHERE message_id = :'m1'),
          ('acknowledged', now(), now())::text, 'acknowledged: acknowledged_at set, read_at kept');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m1 FROM msg))$$, '55000', NULL, 'acknowledging twice');
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m1 FROM msg))$$, '55000', NULL, 'reading an acknowledged message');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'m1' AND activity_type = 'message_acknowledged' AND actor = 'rcpt'),
          1, 'message_acknowledged logged once');

-- Acknowledge straight from pending.
SELECT lives_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m2 FROM msg), session_id => (SELECT r_old FROM ids))$$,
                'acknowledge a pending message (an ended session of the recipient identity may name the reader)');
SELECT is((SELECT (status, read_at IS NOT NULL, acknowledged_at)::text FROM claude.messages WHERE message_id = :'m2'),
          ('acknowledged', true, now())::text, 'pending -> acknowledged sets read_at too');

-- The wrong reader, unknown ids.
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m3 FROM msg), session_id => (SELECT s FROM ids))$$,
                 '22023', NULL, 'a session of another identity cannot read someone else''s message');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m3 FROM msg), session_id => (SELECT s FROM ids))$$,
                 '22023', NULL, 'nor acknowledge it');
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m3 FROM msg), session_id => gen_random_uuid())$$,
                 'P0002', NULL, 'unknown reader session');
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown message (read)');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown message (acknowledge)');
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => NULL)$$, '22023', NULL, 'message_id NULL');
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = :'m3'), 'pending', 'refused calls changed nothing');

-- Expired: by the clock, or by status.
UPDATE claude.messages SET expires_at = now() WHERE message_id = :'m3';
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m3 FROM msg))$$, '55000', NULL, 'reading a message past expires_at');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m3 FROM msg))$$, '55000', NULL, 'acknowledging a message past expires_at');
UPDATE claude.messages SET status = 'expired' WHERE message_id = :'m4';
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m4 FROM msg))$$, '55000', NULL, 'reading an expired message');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m4 FROM msg))$$, '55000', NULL, 'acknowledging an expired message');

SELECT * FROM finish();
ROLLBACK;
