-- active_sessions and identities_overview contents.
BEGIN;
SELECT plan(7);

SELECT tests.make_identity('view-a') AS a \gset
SELECT tests.make_identity('view-b') AS b \gset
SELECT tests.make_session(:'a', 'view-project') AS s_old \gset
UPDATE claude.sessions SET session_start = now() - interval '3 hours', session_end = now() - interval '2 hours', session_summary = 'old'
 WHERE session_id = :'s_old';
SELECT tests.make_session(:'a', 'view-project') AS s_now \gset
UPDATE claude.sessions SET session_start = now() - interval '90 minutes' WHERE session_id = :'s_now';

SELECT results_eq(
    $$SELECT identity_name::text, project_name::text, duration FROM claude.active_sessions WHERE identity_name LIKE 'view-%'$$,
    $$VALUES ('view-a', 'view-project', interval '90 minutes')$$,
    'active_sessions: only the active session, with identity name and duration');

UPDATE claude.identities SET status = 'archived' WHERE identity_id = :'b';
SELECT results_eq(
    format($$SELECT identity_name::text, status::text, session_count, active_session_id, active_project_name
               FROM claude.identities_overview WHERE identity_name LIKE 'view-%%'$$),
    format($$VALUES ('view-a', 'active', 2, %L::uuid, 'view-project'), ('view-b', 'archived', 0, NULL::uuid, NULL)$$, :'s_now'),
    'identities_overview: status, session count and active session, active identities first');
SELECT is((SELECT last_active_at FROM claude.identities_overview WHERE identity_id = :'a'),
          (SELECT last_active_at FROM claude.identities WHERE identity_id = :'a'), 'identities_overview shows last_active_at');

-- roles: Mission Control Web reads the views, not the tables
SELECT ok(has_table_privilege('claude_reader', 'claude.active_sessions', 'SELECT'), 'claude_reader reads active_sessions');
SELECT ok(has_table_privilege('claude_reader', 'claude.identities_overview', 'SELECT'), 'claude_reader reads identities_overview');
SELECT ok(has_table_privilege('claude_reader', 'claude.recent_activity', 'SELECT'), 'claude_reader reads recent_activity');
SELECT ok(NOT has_table_privilege('claude_agent', 'claude.sessions', 'SELECT'), 'claude_agent does not read the sessions table');

SELECT * FROM finish();
ROLLBACK;
