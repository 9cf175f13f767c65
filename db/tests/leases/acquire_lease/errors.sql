-- acquire_lease: every refused argument, with its SQLSTATE; nothing leased.
BEGIN;
SELECT plan(23);

SELECT tests.make_session(tests.make_identity(), tests.make_project('lease-err')) AS s \gset
SELECT tests.make_session(tests.make_identity(), 'lease-err') AS ended \gset
SELECT claude.end_session(session_id => :'ended', summary => 'done');

SELECT throws_ok($$SELECT claude.acquire_lease(session_id => gen_random_uuid(), paths => ARRAY['a'])$$, 'P0002', NULL, 'unknown session is P0002');
SELECT throws_ok($$SELECT claude.acquire_lease(session_id => NULL, paths => ARRAY['a'])$$, 'P0002', NULL, 'NULL session is P0002');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'])$$, :'ended'), '55000', NULL, 'an ended session cannot take leases');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => NULL)$$, :'s'), '22023', NULL, 'NULL paths is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => '{}')$$, :'s'), '22023', NULL, 'no paths is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a', NULL])$$, :'s'), '22023', NULL, 'a NULL path is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY[E' \t'])$$, :'s'), '22023', NULL, 'a blank path is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY[E'\u200B'])$$, :'s'), '22023', NULL, 'a zero-width path is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['/etc/passwd'])$$, :'s'), '22023', NULL, 'an absolute path is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['~/x'])$$, :'s'), '22023', NULL, 'a home path is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['C:\x'])$$, :'s'), '22023', NULL, 'a drive path is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['src/../../x'])$$, :'s'), '22023', NULL, 'a .. segment is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['./'])$$, :'s'), '22023', NULL, 'the project root itself is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY[E'a\nb'])$$, :'s'), '22023', NULL, 'a control character is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => array_fill('a'::text, ARRAY[1001]))$$, :'s'), '22001', NULL, 'more than 1,000 paths is 22001 (a bound)');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY[repeat('a', 1025)])$$, :'s'), '22001', NULL, 'a path over 1,024 characters is 22001');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'], ttl_seconds => 0)$$, :'s'), '22023', NULL, 'ttl_seconds 0 is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'], ttl_seconds => 86401)$$, :'s'), '22023', NULL, 'ttl_seconds over a day is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'], ttl_seconds => NULL)$$, :'s'), '22023', NULL, 'NULL ttl_seconds is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'], exclusive => NULL)$$, :'s'), '22023', NULL, 'NULL exclusive is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'], reason => ' ')$$, :'s'), '22023', NULL, 'a blank reason is 22023');
SELECT throws_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['a'], reason => repeat('r', 1001))$$, :'s'), '22001', NULL, 'a reason over 1,000 characters is 22001');
SELECT is((SELECT count(*)::integer FROM claude.file_leases l JOIN claude.sessions s USING (session_id) WHERE s.project_name = 'lease-err'), 0,
          'no refused call leased anything');

SELECT * FROM finish();
ROLLBACK;
