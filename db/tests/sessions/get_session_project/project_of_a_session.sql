-- get_session_project: a session's project, active or ended.
BEGIN;
SELECT plan(3);

SELECT tests.make_session(tests.make_identity('gsp-a'), 'gsp-p');
SELECT is(claude.get_session_project(session_id => (SELECT s.session_id FROM claude.sessions s
                                                      JOIN claude.identities i USING (identity_id)
                                                     WHERE i.identity_name = 'gsp-a')),
          'gsp-p', 'the project of an active session');
SELECT claude.end_session(session_id => s.session_id, summary => 'done')
  FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE i.identity_name = 'gsp-a';
SELECT is(claude.get_session_project(session_id => (SELECT s.session_id FROM claude.sessions s
                                                      JOIN claude.identities i USING (identity_id)
                                                     WHERE i.identity_name = 'gsp-a')),
          'gsp-p', 'and of an ended one');
SELECT throws_ok($$SELECT claude.get_session_project(session_id => '00000000-0000-0000-0000-00000000dead')$$,
                 'P0002', NULL, 'P0002 for an unknown session');

SELECT * FROM finish();
ROLLBACK;
