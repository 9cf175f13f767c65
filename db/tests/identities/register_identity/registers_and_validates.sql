-- register_identity: happy path, defaults, every error with its SQLSTATE.
BEGIN;
SELECT plan(20);

SELECT lives_ok($$SELECT claude.register_identity(identity_name => 'reg-builder', platform => 'claude-code',
                                                 role_description => 'writes code') $$,
                'register_identity with its three designed arguments');
SELECT results_eq(
    $$SELECT platform::text, role_description, capabilities, personality_traits, learning_style, status::text, created_at = now(), last_active_at
        FROM claude.identities WHERE identity_name = 'reg-builder'$$,
    $$VALUES ('claude-code', 'writes code', '{}'::jsonb, NULL::jsonb, NULL::jsonb, 'active', true, NULL::timestamptz)$$,
    'a new identity is active, with capabilities {} and no last activity');

SELECT claude.register_identity(identity_name => 'reg-full', platform => 'mcw', role_description => NULL,
                                capabilities => '{"tools": ["git"]}', personality_traits => '{"tone": "dry"}',
                                learning_style => '{"prefers": "examples"}') AS full_id \gset
SELECT is((SELECT capabilities FROM claude.identities WHERE identity_id = :'full_id'),
          '{"tools": ["git"]}'::jsonb, 'register_identity returns the new identity_id and stores capabilities');
SELECT is((SELECT personality_traits || learning_style FROM claude.identities WHERE identity_id = :'full_id'),
          '{"tone": "dry", "prefers": "examples"}'::jsonb, 'personality_traits and learning_style are stored');
SELECT claude.register_identity(identity_name => 'reg-nullcaps', platform => 'x', role_description => 'r', capabilities => NULL) AS nc \gset
SELECT is((SELECT capabilities FROM claude.identities WHERE identity_id = :'nc'), '{}'::jsonb, 'NULL capabilities means {}');

-- names
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-builder', platform => 'other', role_description => 'dup')$$,
                 '23505', NULL, 'a duplicate active name is 23505');
UPDATE claude.identities SET status = 'archived' WHERE identity_name = 'reg-builder';
SELECT lives_ok($$SELECT claude.register_identity(identity_name => 'reg-builder', platform => 'claude-code', role_description => 'again')$$,
                'the name of an archived identity is free again');
SELECT is((SELECT count(*)::int FROM claude.identities WHERE identity_name = 'reg-builder'), 2, 'both identities are kept');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => '', platform => 'x', role_description => 'r')$$,
                 '22023', NULL, 'empty name is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => '   ', platform => 'x', role_description => 'r')$$,
                 '22023', NULL, 'blank name is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => NULL, platform => 'x', role_description => 'r')$$,
                 '22023', NULL, 'NULL name is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => repeat('n', 101), platform => 'x', role_description => 'r')$$,
                 '22001', NULL, 'a name over 100 characters is 22001');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-p', platform => ' ', role_description => 'r')$$,
                 '22023', NULL, 'blank platform is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-p', platform => NULL, role_description => 'r')$$,
                 '22023', NULL, 'NULL platform is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-p', platform => repeat('p', 51), role_description => 'r')$$,
                 '22001', NULL, 'a platform over 50 characters is 22001');

-- JSON shapes
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-j', platform => 'x', role_description => 'r', capabilities => '["git"]')$$,
                 '22023', NULL, 'capabilities as an array is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-j', platform => 'x', role_description => 'r', capabilities => '"git"')$$,
                 '22023', NULL, 'capabilities as a string is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-j', platform => 'x', role_description => 'r', personality_traits => '[]')$$,
                 '22023', NULL, 'personality_traits not an object is 22023');
SELECT throws_ok($$SELECT claude.register_identity(identity_name => 'reg-j', platform => 'x', role_description => 'r', learning_style => '1')$$,
                 '22023', NULL, 'learning_style not an object is 22023');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform, capabilities) VALUES ('reg-direct', 'x', '[]')$$,
                 '23514', NULL, 'a direct write of non-object capabilities fails on the CHECK');

SELECT * FROM finish();
ROLLBACK;
