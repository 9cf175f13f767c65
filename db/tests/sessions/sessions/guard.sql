-- Sessions: an ended session is final, a session never changes identity, the
-- CHECKs behind end_session hold for direct writes, time columns stay writable.
BEGIN;
SELECT plan(9);

SELECT tests.make_session() AS s \gset
SELECT tests.make_identity() AS other \gset
SELECT throws_ok(format($$UPDATE claude.sessions SET identity_id = %L WHERE session_id = %L$$, :'other', :'s'), '55000', NULL,
                 'an active session cannot move to another identity');
SELECT throws_ok(format($$UPDATE claude.sessions SET session_end = now() WHERE session_id = %L$$, :'s'), '23514', NULL,
                 'ending without a summary fails on a CHECK');
SELECT throws_ok(format($$UPDATE claude.sessions SET session_end = session_start - interval '1 second', session_summary = 'x' WHERE session_id = %L$$, :'s'),
                 '23514', NULL, 'an end before the start fails on a CHECK');
SELECT lives_ok(format($$UPDATE claude.sessions SET session_metadata = '{"k": 1}' WHERE session_id = %L$$, :'s'),
                'an active session''s metadata may change');

UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'s';
SELECT throws_ok(format($$UPDATE claude.sessions SET session_end = NULL WHERE session_id = %L$$, :'s'), '55000', NULL,
                 'an ended session cannot be reopened');
SELECT throws_ok(format($$UPDATE claude.sessions SET session_summary = 'rewritten' WHERE session_id = %L$$, :'s'), '55000', NULL,
                 'an ended session''s summary cannot be rewritten');
SELECT throws_ok(format($$UPDATE claude.sessions SET tasks_completed = ARRAY['more'] WHERE session_id = %L$$, :'s'), '55000', NULL,
                 'an ended session''s tasks cannot be rewritten');
SELECT lives_ok(format($$UPDATE claude.sessions SET session_start = session_start - interval '1 day', session_end = session_end - interval '1 hour' WHERE session_id = %L$$, :'s'),
                'time columns of an ended session stay writable by the owner');
SELECT throws_ok(format($$DELETE FROM claude.identities WHERE identity_id = (SELECT identity_id FROM claude.sessions WHERE session_id = %L)$$, :'s'),
                 '55000', NULL, 'the identity of a session cannot be deleted');

SELECT * FROM finish();
ROLLBACK;
