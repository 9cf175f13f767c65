-- get_identity_id: the one lookup of an identity by name (the doors used to
-- fetch every identity and filter in Python).
BEGIN;
SELECT plan(3);

SELECT is(claude.get_identity_id(identity_name => 'gii-a'), NULL, 'NULL for an unknown name');
SELECT tests.make_identity('gii-a');
SELECT is(claude.get_identity_id(identity_name => 'gii-a'),
          (SELECT identity_id FROM claude.identities WHERE identity_name = 'gii-a'),
          'the id of the active identity of that name');
SELECT claude.archive_identity(identity_id => claude.get_identity_id(identity_name => 'gii-a'));
SELECT is(claude.get_identity_id(identity_name => 'gii-a'), NULL, 'an archived identity is not found');

SELECT * FROM finish();
ROLLBACK;
