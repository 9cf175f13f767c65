-- end_session: happy path, arrays, every error.
BEGIN;
SELECT plan(10);

SELECT tests.make_session() AS s \gset
SELECT lives_ok(format($$SELECT claude.end_session(session_id => %L, summary => 'shipped it', tasks => ARRAY['t1', 't2'],
                                                     learnings => ARRAY['l1'], challenges => ARRAY['c1'])$$, :'s'),
                'end_session with every argument');
SELECT results_eq(
    format($$SELECT session_end, session_summary, tasks_completed, learnings_gained, challenges_encountered
               FROM claude.sessions WHERE session_id = %L$$, :'s'),
    $$VALUES (now(), 'shipped it', ARRAY['t1', 't2'], ARRAY['l1'], ARRAY['c1'])$$,
    'the session ends now with its summary, tasks, learnings and challenges');
SELECT throws_ok(format($$SELECT claude.end_session(session_id => %L, summary => 'again')$$, :'s'), '55000', NULL, 'ending an ended session is 55000');

SELECT tests.make_session() AS s2 \gset
SELECT claude.end_session(session_id => :'s2', summary => 'only a summary');
SELECT results_eq(format($$SELECT tasks_completed, learnings_gained, challenges_encountered FROM claude.sessions WHERE session_id = %L$$, :'s2'),
                  $$VALUES ('{}'::text[], '{}'::text[], '{}'::text[])$$, 'lists default to empty');
SELECT tests.make_session() AS s3 \gset
SELECT claude.end_session(session_id => :'s3', summary => 'nulls', tasks => NULL, learnings => NULL, challenges => NULL);
SELECT results_eq(format($$SELECT tasks_completed, learnings_gained, challenges_encountered FROM claude.sessions WHERE session_id = %L$$, :'s3'),
                  $$VALUES ('{}'::text[], '{}'::text[], '{}'::text[])$$, 'NULL lists mean empty');

SELECT tests.make_session() AS s4 \gset
SELECT throws_ok(format($$SELECT claude.end_session(session_id => %L, summary => '')$$, :'s4'), '22023', NULL, 'empty summary is 22023');
SELECT throws_ok(format($$SELECT claude.end_session(session_id => %L, summary => E' \t ')$$, :'s4'), '22023', NULL, 'blank summary is 22023');
SELECT throws_ok(format($$SELECT claude.end_session(session_id => %L, summary => NULL)$$, :'s4'), '22023', NULL, 'NULL summary is 22023');
SELECT throws_ok($$SELECT claude.end_session(session_id => gen_random_uuid(), summary => 'x')$$, 'P0002', NULL, 'unknown session is P0002');
SELECT is((SELECT session_end FROM claude.sessions WHERE session_id = :'s4'), NULL, 'failed ends leave the session active');

SELECT * FROM finish();
ROLLBACK;
