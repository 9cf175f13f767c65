-- Writing activity sends no notification: nearly every writing transaction adds
-- activity, and every notifying commit waits on NOTIFY's database-wide lock.
-- Mission Control polls claude.activity_history instead.  Only messages
-- (claude_messages: docs/RULES.md, "A notification for every new message") and
-- questions to a human (claude_questions) notify.
BEGIN;
SELECT plan(4);

SELECT hasnt_trigger('claude', 'activity_feed', '_900_notify', 'activity_feed has no notification trigger');
SELECT is(
    (SELECT count(*)::int FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE t.tgrelid IN ('claude.activity_feed'::regclass, 'claude.activity_feed_archive'::regclass)
        AND NOT t.tgisinternal AND p.prosrc ~* 'notify'),
    0, 'no trigger on activity_feed or its archive calls pg_notify or NOTIFY');
SELECT is(
    (SELECT array_agg(DISTINCT t.tgrelid::regclass::text ORDER BY t.tgrelid::regclass::text)
       FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE p.pronamespace = 'claude'::regnamespace AND NOT t.tgisinternal AND p.prosrc ~* 'notify'),
    ARRAY['claude.human_questions', 'claude.messages'],
    'only messages and questions to a human notify');
SELECT hasnt_function('claude', 'tg_activity_feed__notify', 'the activity notification function is gone');

SELECT * FROM finish();
ROLLBACK;
