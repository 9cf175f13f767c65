-- Identities are never deleted and never change id (trigger _100_guard).
BEGIN;
SELECT plan(3);

SELECT tests.make_identity('guard-lonely') AS lonely \gset
SELECT tests.make_identity('guard-busy') AS busy \gset
SELECT tests.make_session(:'busy');

SELECT throws_ok(format($$DELETE FROM claude.identities WHERE identity_id = %L$$, :'lonely'), '55000', NULL,
                 'an identity without sessions cannot be deleted');
SELECT throws_ok(format($$DELETE FROM claude.identities WHERE identity_id = %L$$, :'busy'), '55000', NULL,
                 'an identity with sessions cannot be deleted');
SELECT throws_ok(format($$UPDATE claude.identities SET identity_id = gen_random_uuid() WHERE identity_id = %L$$, :'lonely'), '55000', NULL,
                 'identity_id cannot change');

SELECT * FROM finish();
ROLLBACK;
