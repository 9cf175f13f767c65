-- Each rule of projects, identities and sessions rejects a bad row by itself,
-- whoever writes it (here: the table owner, bypassing the API).
BEGIN;
SELECT plan(22);

-- projects
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES ('  ')$$,
    '23514', NULL, 'a blank project name is rejected');
SELECT lives_ok($$INSERT INTO claude.projects (project_name) VALUES ('p-schema-1')$$, 'a project name is accepted');
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES ('p-schema-1')$$,
    '23505', NULL, 'project names are unique');
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES (repeat('x', 201))$$,
    '22001', NULL, 'project names are at most 200 characters');

-- identities
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform, status) VALUES ('a', 'p', 'retired')$$,
    '23514', NULL, 'an unknown identity status is rejected');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES ('', 'p')$$,
    '23514', NULL, 'a blank identity name is rejected');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES ('a', ' ')$$,
    '23514', NULL, 'a blank platform is rejected');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name) VALUES ('a')$$,
    '23502', NULL, 'platform is required');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform, capabilities) VALUES ('a', 'p', '[1]')$$,
    '23514', NULL, 'capabilities must be a JSON object');
SELECT lives_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES ('twin', 'p')$$,
    'an identity is accepted');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES ('twin', 'p')$$,
    '23505', NULL, 'two active identities cannot share a name');
SELECT lives_ok($$
    INSERT INTO claude.identities (identity_name, platform, status) VALUES ('twin', 'p', 'archived'), ('twin', 'p', 'archived')
$$, 'archived identities may share the name of an active one');

-- sessions
SELECT throws_ok($$INSERT INTO claude.sessions (identity_id, project_name) VALUES (gen_random_uuid(), tests.make_project())$$,
    '23503', NULL, 'a session needs an existing identity');
SELECT throws_ok($$INSERT INTO claude.sessions (identity_id, project_name) VALUES (tests.make_identity(), 'no-such-project')$$,
    '23503', NULL, 'a session needs a registered project');
SELECT throws_ok($$INSERT INTO claude.sessions (identity_id, project_name) VALUES (NULL, tests.make_project())$$,
    '23502', NULL, 'identity_id is required');

CREATE TEMP TABLE t_ident AS SELECT tests.make_identity() AS id;
SELECT lives_ok($$SELECT tests.make_session((SELECT id FROM t_ident))$$, 'a first active session is accepted');
SELECT throws_ok($$SELECT tests.make_session((SELECT id FROM t_ident))$$,
    '23505', NULL, 'a second active session of the same identity is rejected by the unique index');
SELECT throws_ok($$
    INSERT INTO claude.sessions (identity_id, project_name, session_start, session_end, session_summary)
    VALUES (tests.make_identity(), tests.make_project(), now(), now() - interval '1 minute', 'done')
$$, '23514', NULL, 'session_end cannot precede session_start');
SELECT throws_ok($$
    INSERT INTO claude.sessions (identity_id, project_name, session_end) VALUES (tests.make_identity(), tests.make_project(), now())
$$, '23514', NULL, 'an ended session needs a summary');
SELECT throws_ok($$
    INSERT INTO claude.sessions (identity_id, project_name, session_end, session_summary)
    VALUES (tests.make_identity(), tests.make_project(), now(), '   ')
$$, '23514', NULL, 'a blank summary does not count');
SELECT lives_ok($$
    INSERT INTO claude.sessions (identity_id, project_name, session_end, session_summary)
    SELECT id, tests.make_project(), now(), 'closed' FROM t_ident
$$, 'ended sessions of an identity with an active one are fine');
SELECT throws_ok($$
    INSERT INTO claude.sessions (identity_id, project_name, session_metadata) VALUES (tests.make_identity(), tests.make_project(), '"x"')
$$, '23514', NULL, 'session_metadata must be a JSON object');

SELECT * FROM finish();
ROLLBACK;
