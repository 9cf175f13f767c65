-- depends: 0001_schema
-- Activity rows no longer notify.  A statement trigger raised
-- pg_notify('claude_activity') in nearly every writing transaction, and every
-- notifying commit waits on NOTIFY's one database-wide lock (with its WAL flush):
-- commits serialised behind it.  Mission Control reads new activity by polling
-- claude.activity_history on its (created_at, id) key instead; only messages
-- notify (claude_messages, once per sending transaction).
DROP TRIGGER IF EXISTS _900_notify ON claude.activity_feed;
DROP FUNCTION IF EXISTS claude.tg_activity_feed__notify();
