-- session_startup errors: nothing changes on failure.
BEGIN;
SELECT plan(10);

SELECT tests.make_identity('sue-a') AS a \gset
SELECT tests.make_session(:'a', 'sue-p') AS s \gset

SELECT throws_ok($$SELECT claude.session_startup(identity_id => gen_random_uuid(), project_name => 'p')$$, 'P0002', NULL,
                 'unknown identity is P0002');
SELECT throws_ok($$SELECT claude.session_startup(identity_id => NULL, project_name => 'p')$$, 'P0002', NULL,
                 'NULL identity is P0002');
SELECT throws_ok(format($$SELECT claude.session_startup(identity_id => %L, project_name => '  ')$$, :'a'), '22023', NULL,
                 'blank project is 22023');
SELECT throws_ok(format($$SELECT claude.session_startup(identity_id => %L, project_name => NULL)$$, :'a'), '22023', NULL,
                 'NULL project is 22023');
SELECT throws_ok(format($$SELECT claude.session_startup(identity_id => %L, project_name => repeat('x', 201))$$, :'a'), '22001', NULL,
                 'a project name over 200 characters is 22001');
SELECT throws_ok(format($$SELECT claude.session_startup(identity_id => %L, project_name => 'p', project_schema => repeat('x', 101))$$, :'a'), '22001', NULL,
                 'a project schema over 100 characters is 22001');
SELECT is((SELECT session_end FROM claude.sessions WHERE session_id = :'s'), NULL, 'after the failures the active session is still active');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'s' AND activity_type = 'session_auto_ended'), 0,
          'and no warning was logged');

SELECT tests.make_identity('sue-archived') AS arch \gset
UPDATE claude.identities SET status = 'archived' WHERE identity_id = :'arch';
SELECT throws_ok(format($$SELECT claude.session_startup(identity_id => %L, project_name => 'p')$$, :'arch'), '55000', NULL,
                 'archived identity is 55000');
SELECT is((SELECT count(*)::int FROM claude.sessions WHERE identity_id = :'arch'), 0, 'and no session was started for it');

SELECT * FROM finish();
ROLLBACK;
