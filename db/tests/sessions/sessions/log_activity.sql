-- session_started / session_ended activity rows come from the table, whatever wrote the session.
BEGIN;
SELECT plan(8);

SELECT tests.make_identity('trg-writer') AS a \gset
-- tests.make_session writes the table directly, not through the API
SELECT tests.make_session(:'a', 'trg-project') AS s \gset
SELECT results_eq(
    format($$SELECT source_type::text, actor::text, activity_type::text, project_name::text, severity::text
               FROM claude.activity_feed WHERE source_id = %L$$, :'s'),
    $$VALUES ('session', 'trg-writer', 'session_started', 'trg-project', 'info')$$,
    'a direct INSERT logs session_started with actor, project and severity info');
SELECT is((SELECT title::text FROM claude.activity_feed WHERE source_id = :'s'), 'trg-writer started a session on trg-project', 'its title');

UPDATE claude.sessions SET session_metadata = '{"x": 1}' WHERE session_id = :'s';
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'s'), 1, 'other updates log nothing');

UPDATE claude.sessions SET session_end = now(), session_summary = 'all done' WHERE session_id = :'s';
SELECT results_eq(
    format($$SELECT activity_type::text, summary FROM claude.activity_feed WHERE source_id = %L AND activity_type = 'session_ended'$$, :'s'),
    $$VALUES ('session_ended', 'all done')$$,
    'a direct UPDATE setting session_end logs session_ended with the summary');
UPDATE claude.sessions SET session_end = session_end + interval '1 minute' WHERE session_id = :'s';
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'s'), 2, 'correcting session_end logs nothing more');

SELECT tests.make_identity() AS b \gset
SELECT claude.start_session(identity_id => :'b', project_name => 'trg-project') AS s2 \gset
SELECT claude.end_session(session_id => :'s2', summary => 'via the API');
SELECT results_eq(
    format($$SELECT activity_type::text FROM claude.get_activity_by_source(source_type => 'session', source_id => %L)$$, :'s2'),
    ARRAY['session_started', 'session_ended'],
    'the API path logs the same two rows, in order');

SELECT tests.make_identity() AS c \gset
SELECT tests.make_project('trg-project');
INSERT INTO claude.sessions (identity_id, project_name, session_start, session_end, session_summary)
VALUES (:'c', 'trg-project', now() - interval '2 hours', now() - interval '1 hour', 'imported') RETURNING session_id AS s3 \gset
SELECT results_eq(
    format($$SELECT activity_type::text FROM claude.activity_feed WHERE source_id = %L ORDER BY created_at$$, :'s3'),
    ARRAY['session_started', 'session_ended'],
    'inserting an already ended session logs both rows');
SELECT is((SELECT last_active_at FROM claude.identities WHERE identity_id = :'c'), now() - interval '2 hours',
          'a direct INSERT updates last_active_at to the session start');

SELECT * FROM finish();
ROLLBACK;
