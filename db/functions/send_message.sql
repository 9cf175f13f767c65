CREATE OR REPLACE FUNCTION claude.send_message(
    from_session_id uuid,
    to_session_id   uuid,
    subject         text,
    body            text,
    message_type    text    DEFAULT 'notification',
    priority        text    DEFAULT 'normal',
    expires_in_days integer DEFAULT 7,
    metadata        jsonb   DEFAULT '{}'::jsonb,
    in_reply_to     uuid    DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_first uuid;
BEGIN
    PERFORM claude._check_idempotency_key(send_message.idempotency_key);
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_message_bounds(send_message.subject, send_message.body, send_message.metadata,
                                         send_message.message_type, send_message.priority);
    PERFORM claude._authorize_session(send_message.from_session_id);
    v_first := claude._idempotent_begin('send_message', send_message.idempotency_key);
    IF v_first IS NOT NULL THEN
        RETURN v_first;  -- the same key again: the first call's result
    END IF;
    IF send_message.to_session_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'to_session_id is required',
            HINT = 'Pass the recipient''s session_id, or use broadcast_to_project for a whole project.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM claude.sessions s WHERE s.session_id = send_message.to_session_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('recipient session %s does not exist', send_message.to_session_id),
            HINT = 'Pass the session_id of an existing session (it may have ended: mail follows its identity).';
    END IF;
    v_first := claude._new_message(
        p_from_session_id => send_message.from_session_id,
        p_to_session_id   => send_message.to_session_id,
        p_to_project      => NULL,
        p_subject         => send_message.subject,
        p_body            => send_message.body,
        p_message_type    => send_message.message_type,
        p_priority        => send_message.priority,
        p_expires_in_days => send_message.expires_in_days,
        p_metadata        => send_message.metadata,
        p_in_reply_to     => send_message.in_reply_to);
    PERFORM claude._idempotent_end('send_message', send_message.idempotency_key, v_first);
    RETURN v_first;
END;
$$;
COMMENT ON FUNCTION claude.send_message(uuid, uuid, text, text, text, text, integer, jsonb, uuid, text) IS
'Send a direct message from one session to another session''s identity; returns the new message_id. '
'from_session_id: the sender, which must be an active session (P0002 unknown, 55000 ended). '
'to_session_id: the recipient session (P0002 unknown); it may have ended: mail follows the identity, so the message appears in the inbox of whichever session that identity has open. '
'subject (at most 200 characters) and body (at most 65,536 characters) are required: 22001 over the limit, 22023 missing or blank (only white space, control or zero-width characters). '
'message_type: a message type (default notification); priority: a message priority (default normal); another value is 22023. '
'expires_in_days: days until the message expires (default 7); NULL means it never expires; 0 or negative is 22023. '
'metadata: a JSON object (22023 otherwise; NULL is {}), at most 64 KiB of JSON (22001). '
'in_reply_to: the message this one answers (P0002 unknown); see get_message_thread. '
'Raises pg_notify(''claude_messages'', {message_id, to_session_id, to_identity_id, priority}) when the transaction commits.
idempotency_key (optional, at most 200 characters): a key unique to this request, e.g. a UUID; a call with a key already used returns the first call''s id and creates nothing (a retry after a lost reply is not applied twice; concurrent calls with one key wait for the first).';
REVOKE ALL ON FUNCTION claude.send_message(uuid, uuid, text, text, text, text, integer, jsonb, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.send_message(uuid, uuid, text, text, text, text, integer, jsonb, uuid, text) TO claude_agent;
