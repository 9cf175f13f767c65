ALTER TABLE claude.idempotency_keys
    DROP CONSTRAINT idempotency_keys_scope_is_known,
    ADD CONSTRAINT idempotency_keys_scope_is_known CHECK (scope IN
        ('send_message', 'broadcast_to_project', 'create_reminder', 'record_knowledge', 'create_scheduled_job'));
COMMENT ON COLUMN claude.idempotency_keys.scope IS 'The API function the key belongs to (send_message, broadcast_to_project, create_reminder, record_knowledge, create_scheduled_job)';
