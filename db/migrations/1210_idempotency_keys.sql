-- depends: 1200_claim_next_job
-- Idempotency keys: a write that creates a row (a message, a
-- broadcast, a reminder, a knowledge entry, a job) may carry a key chosen by
-- the client; the same key again returns the first result instead of a second
-- row, so a call retried after a lost reply is not applied twice.  The new
-- signatures (a trailing idempotency_key text DEFAULT NULL) are created by
-- db/functions; the old ones are dropped here.  (IF NOT EXISTS: a rollback
-- keeps the table and its keys, so that applying this again loses none.)
CREATE TABLE IF NOT EXISTS claude.idempotency_keys (
    scope           text        NOT NULL,
    idempotency_key text        NOT NULL,
    result_id       uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, idempotency_key),
    CONSTRAINT idempotency_keys_scope_is_known CHECK (scope IN
        ('send_message', 'broadcast_to_project', 'create_reminder', 'record_knowledge', 'create_scheduled_job')),
    CONSTRAINT idempotency_keys_key_is_not_blank CHECK (btrim(idempotency_key) <> ''),
    CONSTRAINT idempotency_keys_key_is_short CHECK (length(idempotency_key) <= 200)
);
COMMENT ON TABLE claude.idempotency_keys IS 'The first result of each idempotent write: the same (scope, key) returns result_id again instead of creating a second row. Written only by the API functions that take idempotency_key.';
COMMENT ON COLUMN claude.idempotency_keys.scope IS 'The API function the key belongs to (send_message, broadcast_to_project, create_reminder, record_knowledge, create_scheduled_job)';
COMMENT ON COLUMN claude.idempotency_keys.idempotency_key IS 'The request''s key, e.g. a UUID: a retry returns the first result';
COMMENT ON COLUMN claude.idempotency_keys.result_id IS 'The id the first call returned (set in the same transaction; never NULL once committed)';
COMMENT ON COLUMN claude.idempotency_keys.created_at IS 'When the key was first used';
CREATE INDEX IF NOT EXISTS idempotency_keys_created_at_idx ON claude.idempotency_keys (created_at);

DROP FUNCTION IF EXISTS claude.send_message(uuid, uuid, text, text, text, text, integer, jsonb, uuid);
DROP FUNCTION IF EXISTS claude.broadcast_to_project(uuid, text, text, text, text, text, integer, jsonb, uuid);
DROP FUNCTION IF EXISTS claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text);
DROP FUNCTION IF EXISTS claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[]);
DROP FUNCTION IF EXISTS claude.create_scheduled_job(text, text, text, text, jsonb, integer, integer, text, text, text, text, boolean, integer, boolean, jsonb, uuid);
