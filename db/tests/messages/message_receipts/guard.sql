-- The message_receipts trigger: receipts only for live broadcasts, by a
-- session of their identity, one way, times set once.
BEGIN;
SELECT plan(9);

SELECT tests.make_session() AS a \gset
SELECT tests.make_identity() AS ib \gset
SELECT tests.make_session(identity_id => :'ib') AS b \gset
SELECT tests.make_identity() AS ic \gset
SELECT tests.make_session(identity_id => :'ic') AS c \gset
SELECT claude.broadcast_to_project(from_session_id => :'a', project_name => 'test-project', subject => 'bc', body => 'b') AS bc \gset
SELECT claude.broadcast_to_project(from_session_id => :'a', project_name => 'test-project', subject => 'gone', body => 'b') AS gone \gset
SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'dm', body => 'b') AS dm \gset
CREATE TEMP TABLE ids AS SELECT :'bc'::uuid AS bc, :'gone'::uuid AS gone, :'dm'::uuid AS dm, :'ib'::uuid AS ib, :'b'::uuid AS b, :'ic'::uuid AS ic, :'c'::uuid AS c;
UPDATE claude.messages SET status = 'expired' WHERE message_id = :'gone';

SELECT throws_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at) SELECT dm, ib, b, 'read', now() FROM ids$$,
                 '55000', NULL, 'no receipt for a direct message');
SELECT throws_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at) SELECT gone, ib, b, 'read', now() FROM ids$$,
                 '55000', NULL, 'no receipt for an expired broadcast');
SELECT throws_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at) SELECT bc, ib, c, 'read', now() FROM ids$$,
                 '55000', NULL, 'the session must be of the receipt''s identity');
SELECT throws_ok($$INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status) SELECT bc, ib, b, 'read' FROM ids$$,
                 '23514', NULL, 'a read receipt has read_at (CHECK)');

INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at, acknowledged_at)
SELECT bc, ib, b, 'acknowledged', now(), now() FROM ids;
SELECT throws_ok($$UPDATE claude.message_receipts SET status = 'read', acknowledged_at = NULL WHERE identity_id = (SELECT ib FROM ids)$$,
                 '55000', NULL, 'acknowledged -> read');
SELECT throws_ok($$UPDATE claude.message_receipts SET read_at = now() - interval '1 day' WHERE identity_id = (SELECT ib FROM ids)$$,
                 '55000', NULL, 'read_at is set once');
SELECT throws_ok($$UPDATE claude.message_receipts SET identity_id = (SELECT ic FROM ids), session_id = (SELECT c FROM ids) WHERE identity_id = (SELECT ib FROM ids)$$,
                 '55000', NULL, 'a receipt cannot move to another identity');

INSERT INTO claude.message_receipts (message_id, identity_id, session_id, status, read_at)
SELECT bc, ic, c, 'read', now() FROM ids;
SELECT throws_ok($$UPDATE claude.message_receipts SET acknowledged_at = now() WHERE identity_id = (SELECT ic FROM ids)$$,
                 '55000', NULL, 'acknowledged_at only with status acknowledged');
SELECT lives_ok($$UPDATE claude.message_receipts SET status = 'acknowledged', acknowledged_at = now() WHERE identity_id = (SELECT ic FROM ids)$$,
                'read -> acknowledged');

SELECT * FROM finish();
ROLLBACK;
