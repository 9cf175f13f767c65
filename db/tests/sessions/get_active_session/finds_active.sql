-- get_active_session: the active session, NULL when none, P0002 for an unknown identity.
BEGIN;
SELECT plan(5);

SELECT tests.make_identity() AS a \gset
SELECT is(claude.get_active_session(identity_id => :'a'), NULL, 'NULL for an identity that never had a session');
SELECT tests.make_session(:'a') AS s \gset
SELECT is(claude.get_active_session(identity_id => :'a'), :'s'::uuid, 'the active session');
UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'s';
SELECT is(claude.get_active_session(identity_id => :'a'), NULL, 'NULL once it ended');
SELECT throws_ok($$SELECT claude.get_active_session(identity_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown identity is P0002');
SELECT throws_ok($$SELECT claude.get_active_session(identity_id => NULL)$$, 'P0002', NULL, 'NULL identity is P0002');

SELECT * FROM finish();
ROLLBACK;
