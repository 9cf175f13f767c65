-- The Mission Control views: claude.inbox and claude.urgent_unread_messages,
-- readable by claude_reader (tables are not).
BEGIN;
SELECT plan(9);

SELECT tests.make_identity('sender') AS ia \gset
SELECT tests.make_session(identity_id => :'ia', project_name => 'alpha') AS a \gset
SELECT tests.make_identity('rcpt') AS ib \gset
SELECT tests.make_session(identity_id => :'ib', project_name => 'beta') AS b \gset
CREATE TEMP TABLE msg (k text PRIMARY KEY, id uuid);
INSERT INTO msg SELECT k, claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => k, body => 'b', priority => 'urgent')
  FROM unnest(ARRAY['urgent-old', 'urgent-new', 'urgent-read', 'urgent-expired']) k;
INSERT INTO msg SELECT 'normal-old', claude.send_message(from_session_id => :'a', to_session_id => :'b', subject => 'normal-old', body => 'b');
INSERT INTO msg SELECT 'bc-old', claude.broadcast_to_project(from_session_id => :'a', project_name => 'alpha', subject => 'bc-old', body => 'b', priority => 'urgent');
INSERT INTO msg SELECT 'bc-old-read', claude.broadcast_to_project(from_session_id => :'a', project_name => 'alpha', subject => 'bc-old-read', body => 'b', priority => 'urgent');
UPDATE claude.messages SET created_at = now() - interval '61 minutes'
 WHERE message_id IN (SELECT id FROM msg WHERE k <> 'urgent-new');
UPDATE claude.messages SET created_at = now() - interval '59 minutes' WHERE message_id = (SELECT id FROM msg WHERE k = 'urgent-new');
SELECT claude.mark_message_read(message_id => (SELECT id FROM msg WHERE k = 'urgent-read'));
SELECT claude.mark_message_read(message_id => (SELECT id FROM msg WHERE k = 'bc-old-read'), session_id => :'b');
UPDATE claude.messages SET expires_at = now() WHERE message_id = (SELECT id FROM msg WHERE k = 'urgent-expired');

SELECT results_eq($$SELECT subject::text FROM claude.inbox ORDER BY subject$$,
                  ARRAY['bc-old', 'bc-old-read', 'normal-old', 'urgent-new', 'urgent-old'],
                  'inbox: pending, unexpired messages (broadcasts until they expire)');
SELECT is((SELECT (from_identity_name, from_project_name, to_identity_name, project_name, priority, age)::text
             FROM claude.inbox WHERE subject = 'urgent-old'),
          ('sender', 'alpha', 'rcpt', 'beta', 'urgent', interval '61 minutes')::text,
          'inbox: sender identity, projects, recipient, priority, age');
SELECT is((SELECT (to_project, project_name, to_identity_name)::text FROM claude.inbox WHERE subject = 'bc-old'),
          ('alpha', 'alpha', NULL::text)::text, 'inbox: a broadcast''s project');
SELECT results_eq($$SELECT subject::text FROM claude.urgent_unread_messages ORDER BY subject$$,
                  ARRAY['bc-old', 'urgent-old'],
                  'urgent unread for more than an hour: not newer, not read, not expired, not normal, no broadcast someone read');

SET LOCAL ROLE claude_reader;
SELECT lives_ok($$SELECT count(*) FROM claude.inbox$$, 'claude_reader reads the inbox view');
SELECT lives_ok($$SELECT count(*) FROM claude.urgent_unread_messages$$, 'claude_reader reads the urgent view');
SELECT throws_ok($$SELECT count(*) FROM claude.messages$$, '42501', NULL, 'claude_reader cannot read the messages table');
SELECT throws_ok($$SELECT * FROM claude.get_pending_messages(project_name => 'alpha')$$, '42501', NULL, 'claude_reader cannot call the API');
RESET ROLE;
SET LOCAL ROLE claude_agent;
SELECT is((SELECT count(*)::int FROM claude.get_pending_messages(session_id => :'b')), 3, 'claude_agent calls the API (SECURITY DEFINER) without table privileges');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
