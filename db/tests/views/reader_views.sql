-- Mission Control Web reads views only (as claude_reader): history of every
-- kind, threads, per-recipient broadcast state, every reminder state, the
-- archive, knowledge text and search, durations as numbers, comments everywhere.
BEGIN;
SELECT plan(16);

CREATE ROLE cgw_views_reader NOLOGIN IN ROLE claude_reader;

SELECT is_empty($$
    SELECT c.relname || '.' || coalesce(a.attname, '(the view)')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'claude'
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind IN ('v', 'm')
       AND coalesce(btrim(CASE WHEN a.attname IS NULL THEN obj_description(c.oid, 'pg_class')
                               ELSE col_description(c.oid, a.attnum) END), '') = ''$$,
    'every view and every view column has a COMMENT');
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'claude'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind = 'v' AND a.atttypid = 'interval'::regtype
       AND NOT EXISTS (SELECT 1 FROM pg_attribute b WHERE b.attrelid = c.oid AND NOT b.attisdropped
                          AND b.attname IN (a.attname || '_seconds', regexp_replace(a.attname, '^duration$', 'duration_seconds'),
                                            'duration_seconds')
                          AND b.atttypid = 'double precision'::regtype)$$,
    'every interval column of a view has a number of seconds beside it');

-- Data: two identities in one project, a thread, a broadcast read by one of them.
SELECT identity_id AS alice, session_id AS sa FROM tests.make_agent('v-alice', 'v-proj') \gset
SELECT identity_id AS bob, session_id AS sb FROM tests.make_agent('v-bob', 'v-proj') \gset
SELECT identity_id AS carol, session_id AS sc FROM tests.make_agent('v-carol', 'v-proj') \gset
SELECT claude.send_message(from_session_id => :'sa', to_session_id => :'sb', subject => 'q', body => '<script>x</script>') AS m1 \gset
SELECT claude.send_message(from_session_id => :'sb', to_session_id => :'sa', subject => 're', body => 'a', in_reply_to => :'m1') AS m2 \gset
SELECT claude.send_message(from_session_id => :'sa', to_session_id => :'sb', subject => 're2', body => 'b', in_reply_to => :'m2') AS m3 \gset
SELECT claude.broadcast_to_project(from_session_id => :'sa', project_name => 'v-proj', subject => 'all', body => 'hands') AS b1 \gset
SELECT claude.mark_message_read(message_id => :'b1', session_id => :'sb');
SELECT claude.acknowledge_message(message_id => :'m1');
SELECT claude.end_session(session_id => :'sc', summary => 'done for today');
INSERT INTO claude.reminders (reminder_id, title, check_after, status, completed_at) VALUES
    ('00000000-0000-0000-0000-0000000000f1', 'v-finished', now() - interval '1 day', 'done', now());
INSERT INTO claude.activity_feed_archive (id, source_type, actor, activity_type, title, created_at)
VALUES ('00000000-0000-0000-0000-0000000000f2', 'test', 'old', 'ancient', 'v-archived', now() - interval '200 days');

SET LOCAL ROLE cgw_views_reader;
-- (is() rather than results_eq: those create temp tables, which PUBLIC may not.)
SELECT is((SELECT array_agg(message_id ORDER BY message_id) FROM claude.message_history WHERE thread_id = :'m1'),
          (SELECT array_agg(x ORDER BY x) FROM unnest(ARRAY[:'m1', :'m2', :'m3']::uuid[]) x),
    'a reader follows a whole thread through message_history.thread_id');
SELECT is((SELECT status::text FROM claude.message_history WHERE message_id = :'m1'), 'acknowledged', 'history keeps acknowledged messages');
SELECT is((SELECT body FROM claude.message_history WHERE message_id = :'m1'), '<script>x</script>', 'bodies are data, returned as stored');
SELECT is((SELECT string_agg(identity_name || ':' || status, ' ' ORDER BY identity_name) FROM claude.message_recipients WHERE message_id = :'b1'),
    'v-bob:read v-carol:pending',
    'a broadcast has one row per recipient identity (not the sender), each with its own state');
SELECT is((SELECT string_agg(identity_name || ':' || status, ' ') FROM claude.message_recipients WHERE message_id = :'m1'),
    'v-bob:acknowledged', 'a direct message has its one recipient');
SELECT is((SELECT status::text FROM claude.reminder_history WHERE reminder_id = '00000000-0000-0000-0000-0000000000f1'), 'done',
    'finished reminders are readable');
SELECT ok((SELECT NOT is_active AND duration_seconds >= 0 AND session_summary = 'done for today'
             FROM claude.session_history WHERE session_id = :'sc'), 'ended sessions with their duration in seconds');
SELECT is((SELECT archived FROM claude.activity_history WHERE id = '00000000-0000-0000-0000-0000000000f2'), true,
    'the archive is readable, marked archived');
SELECT ok((SELECT count(*) FROM claude.activity_history WHERE created_at < now() - interval '7 days') >= 1,
    'activity older than 7 days is readable');
SELECT is((SELECT count(*)::int FROM (SELECT 1 FROM claude.activity_history GROUP BY created_at, id HAVING count(*) > 1) d), 0,
    '(created_at, id) is a stable key of activity_history');
SELECT lives_ok($$SELECT description, code_example FROM claude.knowledge_entries$$, 'knowledge text is readable');
SELECT lives_ok($$SELECT * FROM claude.search_knowledge(search_text => 'anything')$$, 'the reader may search knowledge');
SELECT throws_ok($$SELECT * FROM claude.get_message_thread(message_id => gen_random_uuid())$$, '42501', NULL,
    'but may call no other function');
SELECT throws_ok($$SELECT * FROM claude.messages$$, '42501', NULL, 'nor read a table');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
