-- claude.bind_identity and claude.whoami: admin only; one login per identity
-- (a column), one identity per login (identities_login_role_idx, also under
-- a direct write); login_role => NULL unbinds; whoami follows session_user.
BEGIN;
SELECT plan(19);

SELECT tests.make_login('cgw_bind_a'), tests.make_login('cgw_bind_b'),
       tests.make_login('cgw_bind_adm', 'claude_admin');
CREATE ROLE cgw_bind_group NOLOGIN;
SELECT tests.make_identity('bind-a') AS a \gset
SELECT tests.make_identity('bind-b') AS b \gset
SELECT tests.make_identity('bind-old') AS old \gset
UPDATE claude.identities SET status = 'archived' WHERE identity_id = :'old';

-- who may bind
SET SESSION AUTHORIZATION cgw_bind_a;
SELECT throws_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_a')$$, :'a'),
    '42501', NULL, 'an agent login cannot bind (not even itself)');
SELECT is(claude.whoami(), NULL, 'whoami of an unbound login is NULL');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION cgw_bind_adm;
SELECT lives_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_a')$$, :'a'),
    'a claude_admin login binds an identity to a login');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION cgw_bind_a;
SELECT is(claude.whoami(), :'a'::uuid, 'whoami returns the identity bound to session_user');
SET ROLE claude_agent;
SELECT is(claude.whoami(), :'a'::uuid, 'SET ROLE does not change whoami (it follows session_user)');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT is(claude.whoami(), NULL, 'whoami of the (unbound) superuser is NULL');

-- one identity per login, one login per identity
SELECT throws_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_a')$$, :'b'),
    '23505', NULL, 'a login bound to one identity cannot be bound to another');
SELECT throws_ok(format($$UPDATE claude.identities SET login_role = 'cgw_bind_a' WHERE identity_id = %L$$, :'b'),
    '23505', NULL, 'the unique index refuses a second identity for a login, even written directly');
SELECT lives_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_a')$$, :'a'),
    'binding again to the same login is a no-op');
SELECT lives_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_b')$$, :'a'),
    'rebinding an identity to another login replaces its login');
SELECT is((SELECT login_role::text FROM claude.identities WHERE identity_id = :'a'), 'cgw_bind_b',
    'one login per identity: the new one');
SELECT lives_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_a')$$, :'b'),
    'the released login can be bound to another identity');

-- errors
SELECT throws_ok($$SELECT claude.bind_identity(identity_id => gen_random_uuid(), login_role => 'cgw_bind_a')$$,
    'P0002', NULL, 'unknown identity');
SELECT throws_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_no_such_role')$$, :'a'),
    'P0002', NULL, 'unknown role');
SELECT throws_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_group')$$, :'a'),
    '22023', NULL, 'a NOLOGIN role cannot be bound');
SELECT throws_ok($$SELECT claude.bind_identity(identity_id => NULL, login_role => 'cgw_bind_a')$$,
    '22023', NULL, 'identity_id is required');
SELECT throws_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => 'cgw_bind_adm')$$, :'old'),
    '55000', NULL, 'an archived identity cannot be bound');

-- unbinding
SELECT lives_ok(format($$SELECT claude.bind_identity(identity_id => %L, login_role => NULL)$$, :'b'),
    'login_role => NULL unbinds');
SET SESSION AUTHORIZATION cgw_bind_a;
SELECT is(claude.whoami(), NULL, 'the unbound login has no identity again');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
