-- update_identity_activity: sets last_active_at; unknown and archived identities.
BEGIN;
SELECT plan(5);

SELECT tests.make_identity('uia-a') AS id \gset
UPDATE claude.identities SET last_active_at = now() - interval '3 days' WHERE identity_id = :'id';
SELECT lives_ok(format($$SELECT claude.update_identity_activity(identity_id => %L)$$, :'id'), 'update_identity_activity runs');
SELECT is((SELECT last_active_at FROM claude.identities WHERE identity_id = :'id'), now(), 'last_active_at is now');
SELECT throws_ok($$SELECT claude.update_identity_activity(identity_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown identity is P0002');
SELECT throws_ok($$SELECT claude.update_identity_activity(identity_id => NULL)$$, 'P0002', NULL, 'NULL identity is P0002');
UPDATE claude.identities SET status = 'archived' WHERE identity_id = :'id';
SELECT throws_ok(format($$SELECT claude.update_identity_activity(identity_id => %L)$$, :'id'), '55000', NULL, 'archived identity is 55000');

SELECT * FROM finish();
ROLLBACK;
