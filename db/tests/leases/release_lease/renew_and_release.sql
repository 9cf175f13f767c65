-- renew_lease, release_lease, release_leases.
BEGIN;
SELECT plan(22);

SELECT tests.make_project('lease-rr') AS p \gset
SELECT tests.make_session(tests.make_identity('lease-rr-a'), :'p') AS sa, tests.make_session(tests.make_identity('lease-rr-b'), :'p') AS sb \gset
SELECT lease_id AS l1 FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['a/**']) \gset
SELECT lease_id AS l2 FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['b.txt'], ttl_seconds => 60) \gset
SELECT lease_id AS l3 FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['c/*'], exclusive => false) \gset

-- renew
UPDATE claude.file_leases SET acquired_at = now() - interval '50 minutes', renewed_at = now() - interval '50 minutes',
                              expires_at = now() + interval '10 minutes' WHERE lease_id = :'l1';
SELECT results_eq(format($$SELECT lease_id, renewed_at, expires_at FROM claude.renew_lease(lease_id => %L, ttl_seconds => 600)$$, :'l1'),
                  format($$VALUES (%L::uuid, now(), now() + interval '10 minutes')$$, :'l1'),
                  'renew_lease: the lease now expires ttl_seconds from now');
SELECT is((SELECT expires_at FROM claude.renew_lease(lease_id => :'l1')), now() + interval '1 hour', 'the default TTL is an hour');
SELECT throws_ok(format($$SELECT claude.renew_lease(lease_id => %L, ttl_seconds => 0)$$, :'l1'), '22023', NULL, 'ttl_seconds 0 is 22023');
SELECT throws_ok(format($$SELECT claude.renew_lease(lease_id => %L, ttl_seconds => 86401)$$, :'l1'), '22023', NULL, 'ttl_seconds over a day is 22023');
SELECT throws_ok($$SELECT claude.renew_lease(lease_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown lease is P0002');

-- an expired lease comes back unless its paths were taken
UPDATE claude.file_leases SET acquired_at = now() - interval '2 hours', renewed_at = now() - interval '2 hours',
                              expires_at = now() - interval '1 hour' WHERE lease_id IN (:'l1', :'l2');
SELECT lives_ok(format($$SELECT claude.renew_lease(lease_id => %L)$$, :'l2'), 'an expired lease nobody took can be renewed');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a/x.py'])$$, :'sb'),
                'another identity takes a path of the expired lease');
SELECT throws_ok(format($$SELECT claude.renew_lease(lease_id => %L)$$, :'l1'), '55000', NULL,
                 'renewing the expired lease now conflicts (55000)');
SELECT ok((SELECT expires_at < now() FROM claude.file_leases WHERE lease_id = :'l1'), '... and it stays expired');

-- release_lease
SELECT lives_ok(format($$SELECT claude.release_lease(lease_id => %L)$$, :'l2'), 'release_lease');
SELECT results_eq(format($$SELECT released_at, release_cause FROM claude.file_leases WHERE lease_id = %L$$, :'l2'),
                  $$VALUES (now(), 'released'::varchar)$$, 'released now, cause released');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed WHERE source_type = 'lease' AND source_id = :'l2'
             AND activity_type = 'lease_released' AND actor = 'lease-rr-a'), 1, 'the release is in the feed with the lease id');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['b.txt'])$$, :'sb'),
                'a released path is free for others at once');
SELECT throws_ok(format($$SELECT claude.release_lease(lease_id => %L)$$, :'l2'), '55000', NULL, 'releasing twice is 55000');
SELECT throws_ok(format($$SELECT claude.renew_lease(lease_id => %L)$$, :'l2'), '55000', NULL, 'renewing a released lease is 55000');
SELECT throws_ok($$SELECT claude.release_lease(lease_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown lease is P0002');

-- release_leases
SELECT is(claude.release_leases(session_id => :'sa'), 2, 'release_leases returns how many it released (live or expired)');
SELECT is((SELECT count(*)::integer FROM claude.file_leases WHERE session_id = :'sa' AND released_at IS NULL), 0, 'the session holds none');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed WHERE source_type = 'lease' AND activity_type = 'lease_released'
             AND source_id IN (:'l1', :'l3')), 2, 'each release is in the feed');
SELECT is(claude.release_leases(session_id => :'sa'), 0, 'nothing left: 0');
SELECT throws_ok($$SELECT claude.release_leases(session_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown session is P0002');
SELECT is((SELECT count(*)::integer FROM claude.live_leases WHERE project_name = 'lease-rr'), 2, 'bob''s two leases are live');

SELECT * FROM finish();
ROLLBACK;
