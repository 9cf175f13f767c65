-- docs/RULES.md, "Identity from the connection", for leases: acquire_lease, renew_lease, release_lease and
-- release_leases act as the session's (the lease's) identity, so a login that
-- may not act as it is refused with 42501; check_paths only reads.  Each
-- scenario switches the session's login (SET SESSION AUTHORIZATION: the
-- session_user SECURITY DEFINER functions see) to a LOGIN role created here.
BEGIN;
SELECT plan(13);

SELECT tests.make_project('lease-actas') AS p \gset
SELECT tests.make_identity('lease-actas-a') AS a, tests.make_identity('lease-actas-b') AS b,
       tests.make_identity('lease-actas-c') AS c \gset
SELECT tests.make_session(:'a', :'p') AS sa, tests.make_session(:'b', :'p') AS sb, tests.make_session(:'c', :'p') AS sc \gset
SELECT tests.make_login('cgw_lease_a', bind_to => :'a'), tests.make_login('cgw_lease_u'),
       tests.make_login('cgw_lease_adm', 'claude_admin');
SELECT lease_id AS la FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['a/**']) \gset
SELECT lease_id AS lb FROM claude.acquire_lease(session_id => :'sb', paths => ARRAY['b/**']) \gset

SET SESSION AUTHORIZATION cgw_lease_a;  -- bound to a
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['x'])$$, :'sb'), '42501', NULL,
                 'a bound login cannot lease as another identity');
SELECT throws_ok(format($$SELECT claude.renew_lease(lease_id => %L)$$, :'lb'), '42501', NULL, '... nor renew its lease');
SELECT throws_ok(format($$SELECT claude.release_lease(lease_id => %L)$$, :'lb'), '42501', NULL, '... nor release it');
SELECT throws_ok(format($$SELECT claude.release_leases(session_id => %L)$$, :'sb'), '42501', NULL, '... nor release its session''s leases');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a2/**'])$$, :'sa'), 'it leases as its own identity');
SELECT lives_ok(format($$SELECT claude.renew_lease(lease_id => %L)$$, :'la'), 'and renews its own lease');
SELECT is((SELECT count(*)::integer FROM claude.check_paths(project_name => 'lease-actas', paths => ARRAY['**'], session_id => :'sb')), 2,
          'check_paths only reads: anyone may ask');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION cgw_lease_u;  -- unbound
SELECT throws_ok(format($$SELECT claude.release_lease(lease_id => %L)$$, :'la'), '42501', NULL,
                 'an unbound login cannot release the lease of a bound identity');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['y'])$$, :'sa'), '42501', NULL,
                 '... nor lease as it');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['c/**'])$$, :'sc'),
                'an unbound login acts for an unbound identity (a single-user machine needs no setup)');
SELECT lives_ok(format($$SELECT claude.release_lease(lease_id => %L)$$, :'lb'), '... and releases its lease');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION cgw_lease_adm;
SELECT is(claude.release_leases(session_id => :'sa'), 2, 'a claude_admin login may release the leases of a bound identity');
RESET SESSION AUTHORIZATION;

SELECT is((SELECT count(*)::integer FROM claude.live_leases WHERE project_name = 'lease-actas'), 1, 'only c''s lease is left');

SELECT * FROM finish();
ROLLBACK;
