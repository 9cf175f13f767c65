-- Idempotency keys: the same key returns the first call's id and creates
-- nothing, per function; a blank or long key is refused; the table's rules.
BEGIN;
SELECT plan(17);

SELECT tests.make_session(project_name => 'idem-p') AS a \gset
SELECT tests.make_session(project_name => 'idem-p') AS b \gset

SELECT claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b',
                           idempotency_key => 'k-1') AS m1 \gset
SELECT is(claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b',
                              idempotency_key => 'k-1'), :'m1'::uuid, 'send_message: the same key returns the first id');
SELECT is((SELECT count(*)::int FROM claude.messages WHERE from_session_id = :'a'), 1, 'and sends nothing more');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'m1'::uuid AND activity_type = 'message_sent'), 1,
    'and logs nothing more');
SELECT isnt(claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b',
                                idempotency_key => 'k-2'), :'m1'::uuid, 'another key sends another message');
SELECT isnt(claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b'),
            claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 's', body => 'b'),
            'without a key every call sends');

SELECT claude.broadcast_to_project(from_session_id => :'a', project_name => 'idem-p', subject => 's', body => 'b',
                                   idempotency_key => 'k-1') AS bc \gset
SELECT is(claude.broadcast_to_project(from_session_id => :'a', project_name => 'idem-p', subject => 's', body => 'b',
                                      idempotency_key => 'k-1'), :'bc'::uuid,
    'broadcast_to_project: keys are per function (k-1 of send_message is another key)');

SELECT claude.create_reminder(title => 't', check_after => now(), idempotency_key => 'r-1') AS r1 \gset
SELECT is(claude.create_reminder(title => 't', check_after => now(), idempotency_key => 'r-1'), :'r1'::uuid, 'create_reminder');
SELECT is((SELECT count(*)::int FROM claude.reminders WHERE title = 't'), 1, 'one reminder');

SELECT claude.record_knowledge(title => 'idem k', description => 'd', knowledge_type => 'pattern', idempotency_key => 'q-1') AS k1 \gset
SELECT is(claude.record_knowledge(title => 'idem k', description => 'd', knowledge_type => 'pattern', idempotency_key => 'q-1'),
          :'k1'::uuid, 'record_knowledge');

SELECT claude.create_scheduled_job(job_name => 'idem-job', job_type => 'maintenance', command => 'true',
                                   idempotency_key => 'j-1') AS j1 \gset
SELECT is(claude.create_scheduled_job(job_name => 'idem-job', job_type => 'maintenance', command => 'true',
                                      idempotency_key => 'j-1'), :'j1'::uuid,
    'create_scheduled_job: the same key returns the job (no 23505 for its own name)');
SELECT throws_ok($$SELECT claude.create_scheduled_job(job_name => 'idem-job', job_type => 'maintenance', command => 'true')$$,
    '23505', NULL, 'without the key the duplicate name is still refused');

SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => 'b', idempotency_key => ' ')$$, :'a', :'b'),
    '22023', NULL, 'a blank key is refused');
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => 'b', idempotency_key => repeat('x', 201))$$, :'a', :'b'),
    '22001', NULL, 'a key over 200 characters is refused');
-- A failed call does not burn its key.
SELECT throws_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => '', body => 'b', idempotency_key => 'k-3')$$, :'a', :'b'),
    '22023', NULL, 'a call that fails ...');
SELECT lives_ok(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L, subject => 's', body => 'b', idempotency_key => 'k-3')$$, :'a', :'b'),
    '... leaves its key unused');

-- The table: a committed key names its result (checked at commit).
SAVEPOINT s;
SET CONSTRAINTS ALL IMMEDIATE;
SELECT throws_ok($$INSERT INTO claude.idempotency_keys (scope, idempotency_key) VALUES ('send_message', 'raw')$$,
    '23514', NULL, 'a key without its result cannot be committed');
ROLLBACK TO SAVEPOINT s;
SELECT ok(NOT has_table_privilege('claude_agent', 'claude.idempotency_keys', 'SELECT,INSERT,UPDATE,DELETE'),
    'agents reach the keys only through the API');

SELECT * FROM finish();
ROLLBACK;
