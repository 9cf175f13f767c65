CREATE OR REPLACE FUNCTION claude.mark_message_read(
    message_id uuid,
    session_id uuid DEFAULT NULL
)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_reader record;
    v_status claude.message_receipts.status%TYPE;
BEGIN
    v_reader := claude._message_reader(mark_message_read.message_id, mark_message_read.session_id, 'read');

    IF v_reader.o_is_broadcast THEN
        INSERT INTO claude.message_receipts AS r (message_id, identity_id, session_id, status, read_at)
        VALUES (mark_message_read.message_id, v_reader.o_identity_id, mark_message_read.session_id, 'read', now())
        ON CONFLICT ON CONSTRAINT message_receipts_pkey DO NOTHING;
        IF FOUND THEN
            RETURN;
        END IF;
        SELECT r.status INTO v_status
          FROM claude.message_receipts r
         WHERE r.message_id = mark_message_read.message_id
           AND r.identity_id = v_reader.o_identity_id;
    ELSE
        v_status := v_reader.o_status;
    END IF;

    IF v_status = 'acknowledged' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('message %s is already acknowledged and cannot be read again', mark_message_read.message_id),
            HINT = 'Nothing to do: acknowledging implies reading.';
    END IF;
    IF v_status = 'pending' THEN
        UPDATE claude.messages m
           SET status = 'read', read_at = now()
         WHERE m.message_id = mark_message_read.message_id;
    END IF;
    -- 'read' already: reading again changes nothing (read_at is set once).
END;
$$;
COMMENT ON FUNCTION claude.mark_message_read(uuid, uuid) IS
'Mark a message read (pending -> read, read_at set once); reading a message already read changes nothing. '
'message_id: the message (P0002 unknown). '
'session_id: the reader''s session; required for a broadcast (22023 without), whose state is kept per reader identity; optional for a direct message, where it must be a session of the recipient identity (22023 otherwise; P0002 unknown). '
'A message already acknowledged (by this reader, for a broadcast) or expired is 55000.';
REVOKE ALL ON FUNCTION claude.mark_message_read(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.mark_message_read(uuid, uuid) TO claude_agent;
