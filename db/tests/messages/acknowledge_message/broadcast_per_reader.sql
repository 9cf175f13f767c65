-- mark_message_read / acknowledge_message on broadcasts: session_id names the
-- reader, state lives in message_receipts per reader identity, the
-- broadcast's own status stays pending.
BEGIN;
SELECT plan(19);

SELECT tests.make_session(project_name => 'alpha') AS s \gset
SELECT tests.make_identity('reader-b') AS ib \gset
SELECT tests.make_session(identity_id => :'ib', project_name => 'alpha') AS b \gset
SELECT tests.make_identity('reader-c') AS ic \gset
SELECT tests.make_session(identity_id => :'ic', project_name => 'alpha') AS c \gset
SELECT claude.broadcast_to_project(from_session_id => :'s', project_name => 'alpha', subject => 'deploy', body => 'at 5') AS m \gset
SELECT claude.broadcast_to_project(from_session_id => :'s', project_name => 'alpha', subject => 'old', body => 'x') AS old \gset
CREATE TEMP TABLE ids AS SELECT :'m'::uuid AS m, :'old'::uuid AS old, :'b'::uuid AS b, :'c'::uuid AS c;

SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m FROM ids))$$, '22023', NULL, 'reading a broadcast needs session_id');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m FROM ids))$$, '22023', NULL, 'acknowledging a broadcast needs session_id');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m FROM ids), session_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown reader session');

SELECT lives_ok($$SELECT claude.mark_message_read(message_id => (SELECT m FROM ids), session_id => (SELECT b FROM ids))$$, 'b reads the broadcast');
SELECT is((SELECT (r.status, r.session_id, r.read_at, r.acknowledged_at)::text FROM claude.message_receipts r WHERE r.message_id = :'m' AND r.identity_id = :'ib'),
          ('read', :'b'::uuid, now(), NULL::timestamptz)::text, 'a receipt for b''s identity: read');
SELECT is((SELECT status::text FROM claude.messages WHERE message_id = :'m'), 'pending', 'the broadcast itself stays pending');
SELECT lives_ok($$SELECT claude.mark_message_read(message_id => (SELECT m FROM ids), session_id => (SELECT b FROM ids))$$, 'reading it again is a no-op');
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'b') WHERE message_id = :'m'), 'gone from b''s inbox');
SELECT ok(EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'c') WHERE message_id = :'m'), 'still in c''s inbox');

SELECT lives_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m FROM ids), session_id => (SELECT b FROM ids))$$, 'b acknowledges it after reading');
SELECT is((SELECT (r.status, r.read_at, r.acknowledged_at)::text FROM claude.message_receipts r WHERE r.message_id = :'m' AND r.identity_id = :'ib'),
          ('acknowledged', now(), now())::text, 'b''s receipt: acknowledged, read_at kept');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m FROM ids), session_id => (SELECT b FROM ids))$$, '55000', NULL, 'b acknowledging twice');
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT m FROM ids), session_id => (SELECT b FROM ids))$$, '55000', NULL, 'b reading after acknowledging');

SELECT lives_ok($$SELECT claude.acknowledge_message(message_id => (SELECT m FROM ids), session_id => (SELECT c FROM ids))$$, 'c acknowledges straight from pending');
SELECT is((SELECT (r.status, r.read_at IS NOT NULL)::text FROM claude.message_receipts r WHERE r.message_id = :'m' AND r.identity_id = :'ic'),
          ('acknowledged', true)::text, 'c''s receipt: acknowledged and read');
SELECT is((SELECT string_agg(actor || ':' || activity_type || ':' || severity, ',' ORDER BY actor, activity_type)
             FROM claude.activity_feed WHERE source_id = :'m' AND activity_type <> 'message_sent'),
          'reader-b:message_acknowledged:success,reader-b:message_read:info,reader-c:message_acknowledged:success',
          'one activity row per reader and step');

UPDATE claude.messages SET expires_at = now() - interval '1 minute' WHERE message_id = :'old';
SELECT throws_ok($$SELECT claude.mark_message_read(message_id => (SELECT old FROM ids), session_id => (SELECT b FROM ids))$$, '55000', NULL, 'reading an expired broadcast');
SELECT throws_ok($$SELECT claude.acknowledge_message(message_id => (SELECT old FROM ids), session_id => (SELECT b FROM ids))$$, '55000', NULL, 'acknowledging an expired broadcast');
SELECT is((SELECT count(*)::int FROM claude.message_receipts WHERE message_id = :'old'), 0, 'no receipt for the expired broadcast');

SELECT * FROM finish();
ROLLBACK;
