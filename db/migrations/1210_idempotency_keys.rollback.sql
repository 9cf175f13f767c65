-- Back to 1200: the signatures that take a key go (the sources of that
-- version create the old signatures again).  The table and its keys stay:
-- re-applying 1210 finds them (CREATE TABLE IF NOT EXISTS) and loses none.
DROP FUNCTION IF EXISTS claude.send_message(uuid, uuid, text, text, text, text, integer, jsonb, uuid, text);
DROP FUNCTION IF EXISTS claude.broadcast_to_project(uuid, text, text, text, text, text, integer, jsonb, uuid, text);
DROP FUNCTION IF EXISTS claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text, text);
DROP FUNCTION IF EXISTS claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[], text);
DROP FUNCTION IF EXISTS claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid, text);
DROP FUNCTION IF EXISTS claude._idempotent_begin(text, text);
DROP FUNCTION IF EXISTS claude._idempotent_end(text, text, uuid);
