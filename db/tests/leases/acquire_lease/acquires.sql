-- acquire_lease: rows returned, normalised paths, re-acquire extends,
-- shared vs exclusive, all or nothing, expired leases, activity rows.
BEGIN;
SELECT plan(24);

SELECT tests.make_project('lease-acq') AS p \gset
SELECT tests.make_identity('lease-alice') AS alice, tests.make_identity('lease-bob') AS bob \gset
SELECT tests.make_session(:'alice', :'p') AS sa, tests.make_session(:'bob', :'p') AS sb \gset

CREATE TEMP TABLE got ON COMMIT DROP AS
SELECT * FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['./src//app.py', 'docs/', 'src/app.py'],
                                   reason => 'refactoring the app');
SELECT results_eq($$SELECT path, exclusive, reason, project_name FROM got ORDER BY path$$,
                  $$VALUES ('docs/**'::varchar, true, 'refactoring the app'::varchar, 'lease-acq'::varchar),
                           ('src/app.py', true, 'refactoring the app', 'lease-acq')$$,
                  'one row per distinct normalised path, in the session''s project, exclusive by default');
SELECT ok((SELECT bool_and(identity_id = :'alice' AND session_id = :'sa' AND expires_at = now() + interval '1 hour'
                           AND acquired_at = now() AND released_at IS NULL) FROM got),
          'held by the session''s identity for the default hour');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed f JOIN got g ON f.source_id = g.lease_id
            WHERE f.source_type = 'lease' AND f.activity_type = 'lease_acquired' AND f.actor = 'lease-alice'
              AND f.project_name = 'lease-acq'), 2, 'each acquisition is in the feed with the lease id as source_id');

-- conflicts
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['src/*.py'])$$, :'sb'),
                 '55000', NULL, 'an overlapping glob of another identity is refused');
SELECT throws_like(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['docs/a/b.md'])$$, :'sb'),
                   '%lease-alice%docs/**%UTC%', 'the refusal names the holder, the path and the expiry');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['docs/x.md'], exclusive => false)$$, :'sb'),
                 '55000', NULL, 'a shared lease over an exclusive one is refused');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['free.txt', 'src/app.py'])$$, :'sb'),
                 '55000', NULL, 'one conflicting path refuses the whole call');
SELECT is((SELECT count(*)::integer FROM claude.file_leases WHERE identity_id = :'bob'), 0, '... all or nothing: nothing was leased');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['src/other.py', 'src/app.pyc', 'src/app.py/x'])$$, :'sb'),
                'paths that no file can match together with a held glob do not conflict');

-- shared leases
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['lib/**'], exclusive => false)$$, :'sa'),
                'alice shares lib/**');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['lib/*.c'], exclusive => false)$$, :'sb'),
                'bob shares lib/*.c beside her: two shared leases coexist');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['lib/x.c'])$$, :'sb'),
                 '55000', NULL, 'an exclusive lease over a shared one of another identity is refused');

-- re-acquire extends
SELECT lease_id AS app, expires_at AS app_expires FROM got WHERE path = 'src/app.py' \gset
UPDATE claude.file_leases SET acquired_at = now() - interval '30 minutes', renewed_at = now() - interval '30 minutes',
                              expires_at = now() + interval '30 minutes' WHERE lease_id = :'app';
SELECT results_eq(format($$SELECT lease_id, expires_at, renewed_at, reason FROM claude.acquire_lease(session_id => %L, paths => ARRAY['src/app.py'], ttl_seconds => 7200)$$, :'sa'),
                  format($$VALUES (%L::uuid, now() + interval '2 hours', now(), 'refactoring the app'::varchar)$$, :'app'),
                  're-acquiring a held path extends the same lease (the reason stays when none is given)');
SELECT is((SELECT expires_at FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['src/app.py'], ttl_seconds => 60)),
          now() + interval '2 hours', 'a shorter TTL never moves the expiry earlier');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed WHERE source_id = :'app' AND activity_type = 'lease_acquired'), 3,
          'every re-acquisition is in the feed');
SELECT is((SELECT count(*)::integer FROM claude.file_leases WHERE identity_id = :'alice' AND path = 'src/app.py'), 1,
          'still one lease per identity and path');

-- expired leases never conflict
UPDATE claude.file_leases SET acquired_at = now() - interval '2 hours', renewed_at = now() - interval '2 hours',
                              expires_at = now() - interval '1 hour'
 WHERE identity_id = :'alice' AND path = 'docs/**';
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['docs/guide.md'])$$, :'sb'),
                'an expired lease does not conflict');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['docs/**'])$$, :'sa'),
                 '55000', NULL, 'the expired holder acquiring it again conflicts with the new holder');
SELECT is((SELECT expires_at < now() FROM claude.file_leases WHERE identity_id = :'alice' AND path = 'docs/**'), true,
          '... and its expired lease stays expired');

-- the same identity in the same project never conflicts with itself
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['src/ap?.py', 'src/app.py'])$$, :'sa'),
                'an identity''s own leases may overlap');
SELECT is((SELECT count(*)::integer FROM claude.live_leases WHERE project_name = 'lease-acq' AND identity_id = :'alice'), 3,
          'alice holds src/app.py, src/ap?.py and lib/**');

-- another project is another root
SELECT tests.make_session(tests.make_identity(), tests.make_project('lease-acq-2')) AS sc \gset
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['src/**'])$$, :'sc'),
                'the same path in another project does not conflict');

-- the whole project
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['**'])$$, :'sb'),
                 '55000', NULL, '** overlaps every lease of the project');
SELECT is((SELECT count(*)::integer FROM claude.file_lease_projects WHERE project_name IN ('lease-acq', 'lease-acq-2')), 2,
          'each project with leases has its lock row');

SELECT * FROM finish();
ROLLBACK;
