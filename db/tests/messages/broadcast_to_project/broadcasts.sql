-- broadcast_to_project: a broadcast and its refusals.
BEGIN;
SELECT plan(13);

SELECT tests.make_session() AS a \gset
SELECT tests.make_project('other-project') AS p \gset
CREATE TEMP TABLE ids AS SELECT :'a'::uuid AS a;

SELECT claude.broadcast_to_project(from_session_id => :'a', project_name => 'other-project', subject => 'deploy', body => 'at 5') AS m \gset
SELECT is((SELECT (to_project, to_session_id, message_type, priority, status)::text FROM claude.messages WHERE message_id = :'m'),
          ('other-project', NULL::uuid, 'broadcast', 'normal', 'pending')::text,
          'a broadcast goes to the project, type broadcast, normal, pending');
SELECT is((SELECT expires_at FROM claude.messages WHERE message_id = :'m'), now() + interval '7 days', 'expires in 7 days by default');
SELECT claude.broadcast_to_project(from_session_id => :'a', project_name => 'other-project', subject => 's', body => 'b',
                                   message_type => 'status_update', priority => 'low', expires_in_days => NULL) AS n \gset
SELECT is((SELECT (expires_at, message_type, priority)::text FROM claude.messages WHERE message_id = :'n'),
          (NULL::timestamptz, 'status_update', 'low')::text, 'expires_in_days NULL: never expires; type and priority kept');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'m' AND activity_type = 'message_sent' AND project_name = 'other-project'),
          1, 'message_sent logged for the broadcast, in its project');

SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => 'no-such-project', subject => 's', body => 'b')$$,
                 'P0002', NULL, 'unknown project');
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => NULL, subject => 's', body => 'b')$$,
                 '22023', NULL, 'project_name is required');
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => repeat('p', 201), subject => 's', body => 'b')$$,
                 '22001', NULL, 'project_name over 200 characters');
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => gen_random_uuid(), project_name => 'other-project', subject => 's', body => 'b')$$,
                 'P0002', NULL, 'unknown sender');
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => 'other-project', subject => '', body => 'b')$$,
                 '22023', NULL, 'subject is required');
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => 'other-project', subject => 's', body => 'b', priority => 'meh')$$,
                 '22023', NULL, 'unknown priority');
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => 'other-project', subject => 's', body => 'b', expires_in_days => 0)$$,
                 '22023', NULL, 'expires_in_days 0');

UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'a';
SELECT throws_ok($$SELECT claude.broadcast_to_project(from_session_id => (SELECT a FROM ids), project_name => 'other-project', subject => 's', body => 'b')$$,
                 '55000', NULL, 'an ended session cannot broadcast');
SELECT is((SELECT count(*)::int FROM claude.messages), 2, 'only the two accepted broadcasts exist');

SELECT * FROM finish();
ROLLBACK;
