-- archive_identity: happy path, errors, the trigger behind it, admin only.
BEGIN;
SELECT plan(12);

SELECT tests.make_identity('arch-a') AS a \gset
SELECT tests.make_identity('arch-b') AS b \gset
SELECT tests.make_session(:'b') AS sb \gset

SELECT lives_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'a'), 'archive an identity without active session');
SELECT is((SELECT status::text FROM claude.identities WHERE identity_id = :'a'), 'archived', 'its status is archived');
SELECT throws_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'a'), '55000', NULL, 'archiving twice is 55000');
SELECT throws_ok($$SELECT claude.archive_identity(identity_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown identity is P0002');
SELECT throws_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'b'), '55000', NULL, 'an identity with an active session is 55000');
SELECT throws_ok(format($$UPDATE claude.identities SET status = 'archived' WHERE identity_id = %L$$, :'b'), '55000', NULL,
                 'a direct archive of an identity with an active session fails on the trigger');
UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'sb';
SELECT lives_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'b'), 'once its session ended, it can be archived');
SELECT throws_ok(format($$SELECT claude.start_session(identity_id => %L, project_name => 'test-project')$$, :'b'), '55000', NULL,
                 'an archived identity cannot start a session');

-- un-archiving: allowed for the owner unless the name was taken meanwhile (the partial unique index)
SELECT tests.make_identity('arch-a') AS a2 \gset
SELECT throws_ok(format($$UPDATE claude.identities SET status = 'active' WHERE identity_id = %L$$, :'a'), '23505', NULL,
                 'un-archiving an identity whose name is taken fails on the unique index');

-- roles
SELECT ok(has_function_privilege('claude_admin', 'claude.archive_identity(uuid)', 'EXECUTE'), 'claude_admin may archive');
SELECT ok(NOT has_function_privilege('claude_agent', 'claude.archive_identity(uuid)', 'EXECUTE'), 'claude_agent may not archive');
SET LOCAL ROLE claude_agent;
SELECT throws_ok(format($$SELECT claude.archive_identity(identity_id => %L)$$, :'a2'), '42501', NULL, 'an agent calling archive_identity is refused');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
