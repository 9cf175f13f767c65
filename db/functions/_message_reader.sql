-- Private helper of mark_message_read and acknowledge_message: find the
-- message, work out which identity is reading it, and refuse what no reader
-- may do (unknown ids, a broadcast without a reader session, a session that
-- is not the recipient's identity, an expired message), and refuse a login
-- that may not act as the reader (42501, claude._authorize_identity).  A direct message's
-- row is locked (FOR NO KEY UPDATE) so that concurrent readers queue and the
-- second sees the first's state; a broadcast's state is per reader
-- (message_receipts) and is made race-safe by the caller's upsert.
CREATE OR REPLACE FUNCTION claude._message_reader(
    p_message_id uuid,
    p_session_id uuid,
    p_action     text,
    OUT o_is_broadcast boolean,
    OUT o_identity_id  uuid,
    OUT o_status       varchar
)
LANGUAGE plpgsql
AS $$
DECLARE
    v_to_project     claude.messages.to_project%TYPE;
    v_to_identity_id uuid;
    v_expires_at     timestamptz;
    v_reader         uuid;
BEGIN
    IF p_message_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'message_id is required',
            HINT = 'Pass the message_id from get_pending_messages.';
    END IF;
    SELECT m.to_project, ts.identity_id
      INTO v_to_project, v_to_identity_id
      FROM claude.messages m
      LEFT JOIN claude.sessions ts ON ts.session_id = m.to_session_id
     WHERE m.message_id = p_message_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('message %s does not exist', p_message_id),
            HINT = 'Pass the message_id from get_pending_messages.';
    END IF;
    v_reader := claude._session_identity(p_session_id, 'Pass the reader''s session_id returned by start_session.');

    -- The reader is the given session's identity, else a direct message's recipient.
    PERFORM claude._authorize_identity(coalesce(v_reader, v_to_identity_id));
    o_is_broadcast := v_to_project IS NOT NULL;
    IF o_is_broadcast THEN
        IF p_session_id IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('message %s is a broadcast to %L: session_id is required to %s it', p_message_id, v_to_project, p_action),
                HINT = 'Pass session_id => the reader''s session; each identity keeps its own state of a broadcast.';
        END IF;
        o_identity_id := v_reader;
        SELECT m.status, m.expires_at INTO o_status, v_expires_at
          FROM claude.messages m WHERE m.message_id = p_message_id;
    ELSE
        IF p_session_id IS NOT NULL AND v_reader IS DISTINCT FROM v_to_identity_id THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('session %s is not of the recipient identity of message %s', p_session_id, p_message_id),
                HINT = 'Only the recipient identity (any of its sessions) may read or acknowledge a direct message; omit session_id or pass one of its sessions.';
        END IF;
        o_identity_id := v_to_identity_id;
        SELECT m.status, m.expires_at INTO o_status, v_expires_at
          FROM claude.messages m WHERE m.message_id = p_message_id
           FOR NO KEY UPDATE;
    END IF;

    IF o_status = 'expired' OR v_expires_at <= now() THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('message %s expired at %s and cannot be %s', p_message_id, v_expires_at,
                             CASE p_action WHEN 'read' THEN 'read' ELSE 'acknowledged' END),
            HINT = 'Expired messages are ignored; ask the sender to send it again if it still matters.';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._message_reader(uuid, uuid, text) IS 'Private: resolve the message and reader identity for mark_message_read / acknowledge_message, with their errors (P0002, 22023, 55000 expired); locks a direct message''s row.';
REVOKE ALL ON FUNCTION claude._message_reader(uuid, uuid, text) FROM PUBLIC;
