-- docs/BOUNDS.md: session_startup's bundle is bounded: at most 20 pending
-- messages (bodies cut to 2,000 characters) and 10 due reminders, with the
-- totals; long texts of the other lists are cut too.
BEGIN;
SELECT plan(12);

SELECT tests.make_identity('sb-me') AS me \gset
SELECT tests.make_identity('sb-you') AS you \gset
SELECT tests.make_session(:'you', 'sb-p') AS yours \gset

-- 25 broadcasts of 60,000 characters each, 12 due reminders with long descriptions
SELECT count(claude.broadcast_to_project(from_session_id => :'yours', project_name => 'sb-p',
                                         subject => 'big ' || i, body => repeat('b', 60000),
                                         metadata => jsonb_build_object('k', repeat('m', 5000))))
  FROM generate_series(1, 25) i;
SELECT count(claude.create_reminder(title => 'sb due ' || i, check_after => now() - interval '1 hour' + i * interval '1 second',
                                    description => repeat('d', 10000), project_name => 'sb-p'))
  FROM generate_series(1, 12) i;
SELECT tests.make_job(job_name => 'sb-job', project_name => 'sb-p', command => repeat('c', 5000));

SELECT claude.session_startup(identity_id => :'me', project_name => 'sb-p') AS bundle \gset

SELECT is(jsonb_array_length(:'bundle'::jsonb -> 'pending_messages'), 20, 'at most 20 pending messages');
SELECT is((:'bundle'::jsonb ->> 'pending_messages_total')::int, 25, 'pending_messages_total says how many there are');
SELECT is(jsonb_array_length(:'bundle'::jsonb -> 'due_reminders'), 10, 'at most 10 due reminders');
SELECT is((:'bundle'::jsonb ->> 'due_reminders_total')::int, 12, 'due_reminders_total says how many are due');
SELECT ok((SELECT bool_and(length(e ->> 'body') <= 2000 AND e ->> 'body' LIKE 'bbb%[cut by claude-gateway: % more characters]')
             FROM jsonb_array_elements(:'bundle'::jsonb -> 'pending_messages') e),
    'bodies are cut to 2,000 characters with a marker');
SELECT ok((SELECT bool_and(e -> 'metadata' ? 'cut_by_claude_gateway') FROM jsonb_array_elements(:'bundle'::jsonb -> 'pending_messages') e),
    'large metadata is replaced by a note');
SELECT is((SELECT array_agg(e ->> 'subject' ORDER BY o) FROM jsonb_array_elements(:'bundle'::jsonb -> 'pending_messages') WITH ORDINALITY x(e, o) WHERE o <= 2),
    ARRAY(SELECT subject::text FROM claude.get_pending_messages(session_id => (:'bundle'::jsonb ->> 'session_id')::uuid) LIMIT 2),
    'the first ones in inbox order (get_pending_messages)');
SELECT ok((SELECT bool_and(length(e ->> 'description') <= 2000) FROM jsonb_array_elements(:'bundle'::jsonb -> 'due_reminders') e),
    'reminder descriptions are cut');
SELECT is(:'bundle'::jsonb #>> '{due_reminders,0,title}', 'sb due 1', 'the oldest due reminders first');
SELECT ok(length(:'bundle'::jsonb #>> '{due_jobs,0,command}') <= 2000, 'a job command is cut');
SELECT ok(octet_length(:'bundle') < 200000, 'the whole bundle stays small (under 200 kB)');

-- with nothing left out, the totals are the lengths
SELECT tests.make_identity('sb-quiet') AS quiet \gset
SELECT is(claude.session_startup(identity_id => :'quiet', project_name => 'sb-quiet-p') - 'session_id' - 'identity_id' - 'recent_activity',
    jsonb_build_object('identity_name', 'sb-quiet', 'project_name', 'sb-quiet-p', 'due_reminders', '[]'::jsonb, 'due_reminders_total', 0,
                       'pending_messages', '[]'::jsonb, 'pending_messages_total', 0, 'due_jobs', '[]'::jsonb,
                       'held_leases', '[]'::jsonb, 'held_leases_total', 0, 'other_leases', '[]'::jsonb, 'other_leases_total', 0),
    'an empty start: empty lists, totals 0');

SELECT * FROM finish();
ROLLBACK;
