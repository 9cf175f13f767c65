-- The rules hold for direct writes too (CHECKs and triggers), not only
-- through the functions.
BEGIN;
SELECT plan(16);

SELECT tests.make_project('lease-tbl') AS p \gset
SELECT tests.make_identity() AS a, tests.make_identity() AS b \gset
SELECT tests.make_session(:'a', :'p') AS sa, tests.make_session(:'b', :'p') AS sb \gset

PREPARE ins(uuid, text, boolean, interval) AS
    INSERT INTO claude.file_leases (session_id, path, exclusive, expires_at) VALUES ($1, $2, $3, now() + $4);

SELECT lives_ok(format($$EXECUTE ins(%L, 'src/**', true, '1 hour')$$, :'sa'), 'a direct insert takes identity and project from the session');
SELECT results_eq(format($$SELECT identity_id, project_name FROM claude.file_leases WHERE session_id = %L$$, :'sa'),
                  format($$VALUES (%L::uuid, %L::varchar)$$, :'a', :'p'), '... filled in');
SELECT throws_ok(format($$EXECUTE ins(%L, 'src/x.py', true, '1 hour')$$, :'sb'), '55000', NULL,
                 'a direct insert overlapping another identity''s exclusive lease is refused by the trigger');
SELECT throws_ok(format($$EXECUTE ins(%L, 'src/**', true, '1 hour')$$, :'sa'), '23505', NULL,
                 'one open lease per identity and path (unique index)');
SELECT throws_ok(format($$EXECUTE ins(%L, '/abs', true, '1 hour')$$, :'sb'), '23514', NULL, 'absolute path: CHECK');
SELECT throws_ok(format($$EXECUTE ins(%L, 'a/../b', true, '1 hour')$$, :'sb'), '23514', NULL, '.. segment: CHECK');
SELECT throws_ok(format($$EXECUTE ins(%L, 'a//b', true, '1 hour')$$, :'sb'), '23514', NULL, 'empty segment: CHECK');
SELECT throws_ok(format($$EXECUTE ins(%L, 'a', true, '25 hours')$$, :'sb'), '23514', NULL, 'a TTL over a day: CHECK');
SELECT throws_ok(format($$INSERT INTO claude.file_leases (session_id, identity_id, path, expires_at) VALUES (%L, %L, 'q', now() + interval '1 hour')$$, :'sb', :'a'),
                 '23514', NULL, 'a lease held by another identity than its session''s');
SELECT throws_ok(format($$UPDATE claude.file_leases SET path = 'lib/**' WHERE session_id = %L$$, :'sa'), '55000', NULL, 'the path never changes');
SELECT throws_ok(format($$UPDATE claude.file_leases SET released_at = now() WHERE session_id = %L$$, :'sa'), '23514', NULL, 'a release needs its cause');
UPDATE claude.file_leases SET released_at = now(), release_cause = 'released' WHERE session_id = :'sa';
SELECT throws_ok(format($$UPDATE claude.file_leases SET released_at = NULL, release_cause = NULL WHERE session_id = %L$$, :'sa'), '55000', NULL,
                 'a released lease stays released');
SELECT lives_ok(format($$EXECUTE ins(%L, 'src/x.py', true, '1 hour')$$, :'sb'), 'after the release the path is free');
SELECT throws_ok(format($$UPDATE claude.file_leases SET released_at = NULL, release_cause = NULL, expires_at = now() + interval '1 hour' WHERE session_id = %L$$, :'sa'),
                 '55000', NULL, 'reviving a released lease is refused');
SELECT claude.end_session(session_id => :'sa', summary => 'done');
SELECT throws_ok(format($$EXECUTE ins(%L, 'new', true, '1 hour')$$, :'sa'), '55000', NULL, 'an ended session cannot take a lease');
SELECT throws_ok($$DELETE FROM claude.activity_feed WHERE source_type = 'lease'$$, '55000', NULL, 'lease activity rows are immutable like every other');

SELECT * FROM finish();
ROLLBACK;
