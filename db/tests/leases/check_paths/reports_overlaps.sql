-- check_paths: the live leases of others that overlap, read-only.
BEGIN;
SELECT plan(14);

SELECT tests.make_project('lease-chk') AS p \gset
SELECT tests.make_session(tests.make_identity('lease-chk-a'), :'p') AS sa,
       tests.make_session(tests.make_identity('lease-chk-b'), :'p') AS sb \gset
SELECT lease_id AS la FROM claude.acquire_lease(session_id => :'sa', paths => ARRAY['src/**'], reason => 'big refactor') \gset
SELECT lease_id AS lb FROM claude.acquire_lease(session_id => :'sb', paths => ARRAY['docs/*.md'], exclusive => false) \gset
SELECT lease_id AS lx FROM claude.acquire_lease(session_id => :'sb', paths => ARRAY['old/**']) \gset
UPDATE claude.file_leases SET acquired_at = now() - interval '2 hours', renewed_at = now() - interval '2 hours',
                              expires_at = now() - interval '1 hour' WHERE lease_id = :'lx';

SELECT results_eq(format($$SELECT lease_id, identity_name, path, exclusive, reason FROM claude.check_paths(project_name => %L, paths => ARRAY['src/a/b.py'], session_id => %L)$$, :'p', :'sb'),
                  format($$VALUES (%L::uuid, 'lease-chk-a'::varchar, 'src/**'::varchar, true, 'big refactor'::varchar)$$, :'la'),
                  'another identity''s overlapping lease, with holder, path, kind and reason');
SELECT is_empty(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => ARRAY['src/a/b.py'], session_id => %L)$$, :'p', :'sa'),
                'the caller''s own leases are left out');
SELECT results_eq(format($$SELECT lease_id FROM claude.check_paths(project_name => %L, paths => ARRAY['src/x', 'docs/**'])$$, :'p'),
                  format($$VALUES (%L::uuid), (%L::uuid)$$, :'lb', :'la'),
                  'without a session: every overlapping live lease, shared ones included, by path');
SELECT is_empty(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => ARRAY['old/file.c', 'README.md'])$$, :'p'),
                'expired leases and unleased paths: nothing');
SELECT claude.release_lease(lease_id => :'lb');
SELECT is_empty(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => ARRAY['docs/a.md'])$$, :'p'),
                'released leases: nothing');
SELECT is((SELECT expires_in FROM claude.check_paths(project_name => :'p', paths => ARRAY['src/**'])), interval '1 hour',
          'the row tells the time left');

SELECT throws_ok($$SELECT * FROM claude.check_paths(project_name => 'no-such-project-xyz', paths => ARRAY['a'])$$, 'P0002', NULL, 'unknown project is P0002');
SELECT throws_ok(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => ARRAY['a'], session_id => gen_random_uuid())$$, :'p'), 'P0002', NULL, 'unknown session is P0002');
SELECT throws_ok(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => ARRAY['/abs'])$$, :'p'), '22023', NULL, 'an absolute path is 22023');
SELECT throws_ok(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => '{}')$$, :'p'), '22023', NULL, 'no paths is 22023');
SELECT throws_ok(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => array_fill('a'::text, ARRAY[1001]))$$, :'p'), '22001', NULL, 'more than 1,000 paths is 22001 (a bound)');
SELECT throws_ok(format($$SELECT * FROM claude.check_paths(project_name => %L, paths => ARRAY[repeat('p', 2000)])$$, :'p'), '22001', NULL, 'a path too long is 22001');
SELECT throws_ok($$SELECT * FROM claude.check_paths(project_name => repeat('p', 201), paths => ARRAY['a'])$$, '22001', NULL, 'a project name too long is 22001');
SELECT is((SELECT provolatile FROM pg_proc WHERE oid = 'claude.check_paths(text, text[], uuid)'::regprocedure), 's',
          'check_paths is read-only (STABLE)');

SELECT * FROM finish();
ROLLBACK;
