-- start_session: happy path, project registration, last_active_at, every error.
BEGIN;
SELECT plan(19);

SELECT tests.make_identity('ss-a') AS a \gset
UPDATE claude.identities SET last_active_at = now() - interval '1 day' WHERE identity_id = :'a';

SELECT claude.start_session(identity_id => :'a', project_name => 'ss-new-project', project_schema => 'ss_schema') AS s \gset
SELECT results_eq(
    format($$SELECT identity_id, project_name::text, project_schema::text, session_start, session_end, tasks_completed, session_summary
               FROM claude.sessions WHERE session_id = %L$$, :'s'),
    format($$VALUES (%L::uuid, 'ss-new-project', 'ss_schema', now(), NULL::timestamptz, '{}'::text[], NULL::text)$$, :'a'),
    'start_session returns the id of a new active session starting now');
SELECT is((SELECT project_schema::text FROM claude.projects WHERE project_name = 'ss-new-project'), 'ss_schema',
          'an unknown project is registered with its schema');
SELECT is((SELECT last_active_at FROM claude.identities WHERE identity_id = :'a'), now(), 'last_active_at is updated');
SELECT is(claude.get_active_session(identity_id => :'a'), :'s'::uuid, 'it is the identity''s active session');

SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => 'ss-new-project')$$, :'a'), '55000', NULL,
                 'a second active session is 55000');
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => 'other')$$, :'a'), '55000', NULL,
                 'a second active session on another project is 55000 too');
SELECT throws_ok(format($$INSERT INTO claude.sessions (identity_id, project_name) VALUES (%L, 'ss-new-project')$$, :'a'), '23505', NULL,
                 'a direct second active session fails on the partial unique index');

SELECT claude.end_session(session_id => :'s', summary => 'done');
SELECT tests.make_project('ss-existing') AS existing \gset
SELECT claude.start_session(identity_id => :'a', project_name => 'ss-existing') AS s2 \gset
SELECT isnt(:'s2'::uuid, :'s'::uuid, 'after ending, the identity can start a new session');
SELECT is((SELECT project_schema FROM claude.projects WHERE project_name = 'ss-existing'), NULL, 'an existing project is reused as is');
SELECT is((SELECT count(*)::int FROM claude.projects WHERE project_name = 'ss-existing'), 1, 'and not registered twice');

SELECT throws_ok($$SELECT claude.start_session(identity_id => gen_random_uuid(), project_name => 'p')$$, 'P0002', NULL, 'unknown identity is P0002');
SELECT throws_ok($$SELECT claude.start_session(identity_id => NULL, project_name => 'p')$$, 'P0002', NULL, 'NULL identity is P0002');
SELECT tests.make_identity('ss-archived') AS arch \gset
UPDATE claude.identities SET status = 'archived' WHERE identity_id = :'arch';
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => 'p')$$, :'arch'), '55000', NULL, 'archived identity is 55000');
SELECT throws_ok(format($$INSERT INTO claude.sessions (identity_id, project_name) VALUES (%L, 'ss-existing')$$, :'arch'), '55000', NULL,
                 'a direct session for an archived identity fails on the trigger');

SELECT tests.make_identity('ss-b') AS b \gset
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => '')$$, :'b'), '22023', NULL, 'empty project name is 22023');
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => NULL)$$, :'b'), '22023', NULL, 'NULL project name is 22023');
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => repeat('p', 201))$$, :'b'), '22001', NULL,
                 'a project name over 200 characters is 22001');
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => 'p', project_schema => repeat('s', 101))$$, :'b'), '22001', NULL,
                 'a project schema over 100 characters is 22001');
SELECT is(claude.get_active_session(identity_id => :'b'), NULL, 'failed starts leave no session');

SELECT * FROM finish();
ROLLBACK;
