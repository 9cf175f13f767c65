-- session_startup: ends the identity's active session, starts a new one, returns the bundle.
BEGIN;
SELECT plan(19);

SELECT tests.make_identity('su-a') AS a \gset
SELECT tests.make_identity('su-b') AS b \gset
UPDATE claude.identities SET last_active_at = now() - interval '1 day' WHERE identity_id = :'a';
SELECT tests.make_session(:'a', 'su-old') AS old \gset
SELECT tests.make_session(:'b', 'su-p') AS sb \gset
-- mail to a's old session and a broadcast to the new project: both follow a into the new session
SELECT claude.send_message(from_session_id => :'sb', to_session_id => :'old', subject => 'su direct', body => 'b') AS m1 \gset
SELECT claude.broadcast_to_project(from_session_id => :'sb', project_name => 'su-p', subject => 'su broadcast', body => 'b') AS m2 \gset
SELECT claude.create_reminder(title => 'su due', check_after => now() - interval '1 hour', project_name => 'su-p') AS r1 \gset
SELECT claude.create_reminder(title => 'su due everywhere', check_after => now() - interval '2 hours') AS r2 \gset
SELECT claude.create_reminder(title => 'su later', check_after => now() + interval '1 day', project_name => 'su-p') AS r3 \gset
SELECT claude.create_reminder(title => 'su other project', check_after => now() - interval '1 hour', project_name => 'su-old') AS r4 \gset

SELECT claude.session_startup(identity_id => :'a', project_name => 'su-p') AS bundle \gset

SELECT is(jsonb_typeof(:'bundle'::jsonb), 'object', 'the bundle is a jsonb object');
SELECT ok(:'bundle'::jsonb ?& ARRAY['session_id', 'due_reminders', 'pending_messages', 'due_jobs', 'recent_activity'],
          'with the keys session_id, due_reminders, pending_messages, due_jobs, recent_activity');
SELECT is(claude.get_active_session(identity_id => :'a'), (:'bundle'::jsonb ->> 'session_id')::uuid,
          'session_id is the identity''s new active session');
SELECT is((SELECT project_name::text FROM claude.sessions WHERE session_id = (:'bundle'::jsonb ->> 'session_id')::uuid), 'su-p',
          'on the given project');
SELECT is((SELECT last_active_at FROM claude.identities WHERE identity_id = :'a'), now(), 'last_active_at is updated');
SELECT isnt((SELECT session_end FROM claude.sessions WHERE session_id = :'old'), NULL, 'the previous active session has ended');
SELECT matches((SELECT session_summary FROM claude.sessions WHERE session_id = :'old'), '^Ended automatically',
               'with an automatic summary');
SELECT results_eq(
    format($$SELECT activity_type::text, severity::text FROM claude.activity_feed
              WHERE source_id = %L AND activity_type <> 'session_started' ORDER BY created_at$$, :'old'),
    $$VALUES ('session_ended', 'info'), ('session_auto_ended', 'warning')$$,
    'session_ended and a warning session_auto_ended activity are logged for it');
SELECT is((SELECT session_end FROM claude.sessions WHERE session_id = :'sb'), NULL, 'another identity''s session is left alone');

SELECT set_eq(
    format($$SELECT (e ->> 'message_id')::uuid FROM jsonb_array_elements(%L::jsonb -> 'pending_messages') e$$, :'bundle'),
    format($$VALUES (%L::uuid), (%L::uuid)$$, :'m1', :'m2'),
    'pending_messages: mail to the earlier session and the project broadcast');
SELECT is((SELECT e ->> 'subject' FROM jsonb_array_elements(:'bundle'::jsonb -> 'pending_messages') e WHERE e ->> 'message_id' = :'m1'),
          'su direct', 'messages carry their inbox columns');
SELECT is(
    (SELECT array_agg((e ->> 'reminder_id')::uuid ORDER BY o) FROM jsonb_array_elements(:'bundle'::jsonb -> 'due_reminders') WITH ORDINALITY x(e, o)),
    ARRAY[:'r2', :'r1']::uuid[],
    'due_reminders: due ones of the project and of no project, oldest due first; not later or other projects');
SELECT is(:'bundle'::jsonb #>> '{due_reminders,0,title}', 'su due everywhere', 'reminders carry their columns');
SELECT is((SELECT count(*)::int FROM claude.reminders WHERE reminder_id IN (:'r1', :'r2') AND status = 'pending' AND reminder_count = 0), 2,
          'reminders are listed, not checked or changed');
SELECT is(jsonb_array_length(:'bundle'::jsonb -> 'due_jobs'), 0, 'no due jobs: an empty array');

-- a second startup of the same identity supersedes the first
SELECT claude.session_startup(identity_id => :'a', project_name => 'su-p') AS bundle2 \gset
SELECT isnt((:'bundle2'::jsonb ->> 'session_id'), (:'bundle'::jsonb ->> 'session_id'), 'a second startup starts another session');
SELECT is((SELECT count(*)::int FROM claude.sessions WHERE identity_id = :'a' AND session_end IS NULL), 1,
          'the identity still has exactly one active session');
SELECT is(:'bundle2'::jsonb #>> '{recent_activity,0,activity_type}', 'session_auto_ended',
          'the warning about the superseded session comes first in recent_activity');

-- an identity with no session at all
SELECT tests.make_identity('su-fresh') AS fresh \gset
SELECT lives_ok(format($$SELECT claude.session_startup(identity_id => %L, project_name => 'su-brand-new', project_schema => 'su_schema')$$, :'fresh'),
                'a first startup on a new project works (the project is registered)');

SELECT * FROM finish();
ROLLBACK;
