CREATE OR REPLACE FUNCTION claude.acknowledge_message(
    message_id uuid,
    session_id uuid DEFAULT NULL
)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_reader record;
    v_done   boolean := false;
BEGIN
    v_reader := claude._message_reader(acknowledge_message.message_id, acknowledge_message.session_id, 'acknowledge');

    IF v_reader.o_is_broadcast THEN
        -- One receipt per (message, identity): the first writer inserts, a
        -- concurrent one waits on the key and then finds it acknowledged.
        INSERT INTO claude.message_receipts AS r (message_id, identity_id, session_id, status, read_at, acknowledged_at)
        VALUES (acknowledge_message.message_id, v_reader.o_identity_id, acknowledge_message.session_id,
                'acknowledged', now(), now())
        ON CONFLICT ON CONSTRAINT message_receipts_pkey DO UPDATE
           SET status = 'acknowledged', acknowledged_at = EXCLUDED.acknowledged_at, session_id = EXCLUDED.session_id
         WHERE r.status = 'read';
        v_done := FOUND;
    ELSIF v_reader.o_status IN ('pending', 'read') THEN
        UPDATE claude.messages m
           SET status = 'acknowledged', acknowledged_at = now(), read_at = coalesce(m.read_at, now())
         WHERE m.message_id = acknowledge_message.message_id;
        v_done := FOUND;
    END IF;

    IF NOT v_done THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('message %s is already acknowledged', acknowledge_message.message_id),
            HINT = 'A message is acknowledged once; nothing more to do.';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude.acknowledge_message(uuid, uuid) IS
'Acknowledge a message (pending or read -> acknowledged; acknowledged_at set, read_at set if it was not). '
'message_id: the message (P0002 unknown). '
'session_id: the reader''s session; required for a broadcast (22023 without), whose state is kept per reader identity; optional for a direct message, where it must be a session of the recipient identity (22023 otherwise; P0002 unknown). '
'Acknowledging twice (per reader identity, for a broadcast) or an expired message is 55000. Logs message_acknowledged in the activity feed.';
REVOKE ALL ON FUNCTION claude.acknowledge_message(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.acknowledge_message(uuid, uuid) TO claude_agent;
