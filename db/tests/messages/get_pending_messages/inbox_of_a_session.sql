-- get_pending_messages(session_id): mail follows the identity, broadcasts by
-- receipts per identity, never the sender's own broadcast, never expired,
-- urgent -> normal -> low then oldest first.
BEGIN;
SELECT plan(15);

SELECT tests.make_identity('reader') AS r \gset
SELECT tests.make_session(identity_id => :'r', project_name => 'alpha') AS r_old \gset
UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'r_old';
SELECT tests.make_session(identity_id => :'r', project_name => 'alpha') AS r_now \gset
SELECT tests.make_session(project_name => 'alpha') AS s \gset
SELECT tests.make_session(project_name => 'alpha') AS other \gset
SELECT tests.make_project('beta') AS beta \gset

-- Direct mail: to the ended session and to the current one.
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_old', subject => 'old-session', body => 'b') AS d_old \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'low', body => 'b', priority => 'low') AS d_low \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'urgent', body => 'b', priority => 'urgent') AS d_urgent \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'other', subject => 'not-mine', body => 'b') AS d_other \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'expired', body => 'b') AS d_expired \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'expires-now', body => 'b') AS d_edge \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'read', body => 'b') AS d_read \gset
SELECT claude.send_message(from_session_id => :'s', to_session_id => :'r_now', subject => 'forever', body => 'b', expires_in_days => NULL) AS d_forever \gset
-- Broadcasts: to alpha by s, to alpha by the reader itself, to beta.
SELECT claude.broadcast_to_project(from_session_id => :'s', project_name => 'alpha', subject => 'bc-alpha', body => 'b') AS b_alpha \gset
SELECT claude.broadcast_to_project(from_session_id => :'s', project_name => 'alpha', subject => 'bc-read', body => 'b') AS b_read \gset
SELECT claude.broadcast_to_project(from_session_id => :'r_now', project_name => 'alpha', subject => 'bc-own', body => 'b') AS b_own \gset
SELECT claude.broadcast_to_project(from_session_id => :'s', project_name => 'beta', subject => 'bc-beta', body => 'b') AS b_beta \gset

-- Ages (now() is frozen in a transaction: set the clock columns by hand).
UPDATE claude.messages SET created_at = now() - interval '5 minutes' WHERE message_id = :'d_old';
UPDATE claude.messages SET created_at = now() - interval '4 minutes' WHERE message_id = :'b_alpha';
UPDATE claude.messages SET created_at = now() - interval '3 minutes' WHERE message_id = :'d_forever';
UPDATE claude.messages SET created_at = now() - interval '2 minutes' WHERE message_id = :'b_read';
UPDATE claude.messages SET created_at = now() - interval '90 seconds' WHERE message_id = :'b_own';
UPDATE claude.messages SET created_at = now() - interval '1 minute' WHERE message_id = :'d_low';
UPDATE claude.messages SET created_at = now() - interval '30 seconds' WHERE message_id = :'d_urgent';
UPDATE claude.messages SET expires_at = now() - interval '1 second' WHERE message_id = :'d_expired';
UPDATE claude.messages SET expires_at = now() WHERE message_id = :'d_edge';
SELECT claude.mark_message_read(message_id => :'d_read');
SELECT claude.mark_message_read(message_id => :'b_read', session_id => :'r_now');

SELECT results_eq(
    $$SELECT subject::text FROM claude.get_pending_messages(session_id => '$$ || :'r_now' || $$')$$,
    ARRAY['urgent', 'old-session', 'bc-alpha', 'forever', 'low'],
    'the inbox: urgent first, then normal oldest first, then low; mail of the ended session included; own, read, expired, other projects'' and others'' mail left out');
SELECT results_eq(
    $$SELECT subject::text FROM claude.get_pending_messages(session_id => '$$ || :'r_old' || $$')$$,
    $$SELECT subject::text FROM claude.get_pending_messages(session_id => '$$ || :'r_now' || $$')$$,
    'any session of the identity sees the same inbox');
SELECT results_eq(
    $$SELECT subject::text FROM claude.get_pending_messages(session_id => '$$ || :'r_now' || $$', project_name => 'beta')$$,
    ARRAY['urgent', 'old-session', 'bc-alpha', 'forever', 'low'],
    'with session_id, project_name is ignored');
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'r_now') WHERE message_id IN (:'d_expired', :'d_edge')),
          'expired messages (expires_at <= now()) are never pending, before expire_messages runs');
SELECT ok(EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'s') WHERE message_id = :'b_own'),
          'another identity sees the reader''s broadcast');
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'s') WHERE message_id IN (:'b_alpha', :'b_read')),
          'the sender does not see its own broadcasts');
SELECT ok(EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'other') WHERE message_id = :'b_read'),
          'a broadcast read by one identity stays pending for the others');
SELECT results_eq(
    $$SELECT subject::text FROM claude.get_pending_messages(session_id => '$$ || :'other' || $$')$$,
    ARRAY['bc-alpha', 'bc-read', 'bc-own', 'not-mine'],
    'another identity: its own mail and the project''s broadcasts');

-- A new session of the sender identity still does not see its old broadcast.
UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'s';
SELECT tests.make_session(identity_id => (SELECT identity_id FROM claude.sessions WHERE session_id = :'s'), project_name => 'alpha') AS s2 \gset
SELECT ok(NOT EXISTS (SELECT 1 FROM claude.get_pending_messages(session_id => :'s2') WHERE message_id = :'b_alpha'),
          'the sender identity does not see its broadcast from a later session either');

-- Columns of the inbox row.
SELECT is((SELECT (from_identity_name, to_identity_name, project_name, priority_rank)::text
             FROM claude.get_pending_messages(session_id => :'r_now') WHERE message_id = :'d_urgent'),
          ((SELECT i.identity_name FROM claude.sessions x JOIN claude.identities i USING (identity_id) WHERE x.session_id = :'s'),
           'reader', 'alpha', 1)::text,
          'inbox rows carry sender and recipient identity names, project and priority rank');

-- Only project_name: the project's pending broadcasts, whoever read them.
SELECT results_eq(
    $$SELECT subject::text FROM claude.get_pending_messages(project_name => 'alpha')$$,
    ARRAY['bc-alpha', 'bc-read', 'bc-own'],
    'project_name only: every pending broadcast of the project, no direct mail');
SELECT results_eq($$SELECT subject::text FROM claude.get_pending_messages(project_name => 'beta')$$, ARRAY['bc-beta'], 'project_name only: that project''s broadcasts alone');
SELECT throws_ok($$SELECT * FROM claude.get_pending_messages()$$, '22023', NULL, 'neither session_id nor project_name');
SELECT throws_ok($$SELECT * FROM claude.get_pending_messages(session_id => gen_random_uuid())$$, 'P0002', NULL, 'unknown session');
SELECT throws_ok($$SELECT * FROM claude.get_pending_messages(project_name => 'no-such-project')$$, 'P0002', NULL, 'unknown project');

SELECT * FROM finish();
ROLLBACK;
