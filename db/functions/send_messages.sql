CREATE OR REPLACE FUNCTION claude.send_messages(
    from_session_id uuid,
    messages jsonb
)
RETURNS uuid[]
LANGUAGE plpgsql
AS $$
DECLARE
    v_msg jsonb;
    v_n integer := 0;
    v_to uuid;
    v_extra text;
    v_ids uuid[] := '{}'::uuid[];
BEGIN
    -- Bounds (docs/BOUNDS.md): the whole batch is at most 2 MiB of JSON before any other work.
    PERFORM claude._check_json_size('messages', send_messages.messages, 2097152);
    PERFORM claude._authorize_session(send_messages.from_session_id);
    IF send_messages.messages IS NULL OR jsonb_typeof(send_messages.messages) <> 'array'
       OR jsonb_array_length(send_messages.messages) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'messages must be a non-empty JSON array',
            HINT = 'Pass [{"to_session_id": "...", "subject": "...", "body": "..."}, ...].';
    END IF;
    IF jsonb_array_length(send_messages.messages) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('messages holds %s messages; at most 1000 per call', jsonb_array_length(send_messages.messages)),
            HINT = 'Split the batch into calls of at most 1000 messages.';
    END IF;
    FOR v_msg IN SELECT e FROM jsonb_array_elements(send_messages.messages) AS e LOOP
        v_n := v_n + 1;
        IF jsonb_typeof(v_msg) <> 'object' THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('message %s is not a JSON object', v_n),
                HINT = 'Each message is an object with to_session_id, subject and body.';
        END IF;
        SELECT k INTO v_extra FROM jsonb_object_keys(v_msg) AS k
         WHERE k NOT IN ('to_session_id', 'subject', 'body', 'message_type', 'priority', 'expires_in_days',
                         'metadata', 'in_reply_to')
         LIMIT 1;
        IF v_extra IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('message %s: unknown key %L', v_n, v_extra),
                HINT = 'Keys: to_session_id, subject, body, message_type, priority, expires_in_days, metadata, in_reply_to.';
        END IF;
        -- Casts are checked first (no exception block: a subtransaction per
        -- message would cost an XID each and overflow the subxid cache).
        IF coalesce(v_msg ->> 'to_session_id', '') !~* '^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$'
           OR (v_msg ? 'in_reply_to' AND jsonb_typeof(v_msg -> 'in_reply_to') <> 'null'
               AND coalesce(v_msg ->> 'in_reply_to', '') !~* '^[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}$') THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('message %s: to_session_id (required) and in_reply_to must be uuids', v_n),
                HINT = 'Pass the recipient''s session_id (broadcast_to_project for a whole project).';
        END IF;
        IF v_msg ? 'expires_in_days' AND jsonb_typeof(v_msg -> 'expires_in_days') <> 'null'
           AND (jsonb_typeof(v_msg -> 'expires_in_days') <> 'number'
                OR (v_msg ->> 'expires_in_days') !~ '^[0-9]{1,9}$') THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('message %s: expires_in_days must be a positive whole number of days or null', v_n),
                HINT = 'Pass e.g. 7, or null for a message that never expires.';
        END IF;
        -- The bounds of send_message (docs/BOUNDS.md), for each message.
        PERFORM claude._check_message_bounds(v_msg ->> 'subject', v_msg ->> 'body', v_msg -> 'metadata',
                                             v_msg ->> 'message_type', v_msg ->> 'priority');
        v_to := (v_msg ->> 'to_session_id')::uuid;
        IF v_to IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('message %s: to_session_id is required', v_n),
                HINT = 'Pass the recipient''s session_id (broadcast_to_project for a whole project).';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM claude.sessions s WHERE s.session_id = v_to) THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002',
                MESSAGE = format('message %s: recipient session %s does not exist', v_n, v_to),
                HINT = 'Pass the session_id of an existing session (it may have ended: mail follows its identity).';
        END IF;
        v_ids := v_ids || claude._new_message(
            p_from_session_id => send_messages.from_session_id,
            p_to_session_id   => v_to,
            p_to_project      => NULL,
            p_subject         => v_msg ->> 'subject',
            p_body            => v_msg ->> 'body',
            p_message_type    => coalesce(v_msg ->> 'message_type', 'notification'),
            p_priority        => coalesce(v_msg ->> 'priority', 'normal'),
            p_expires_in_days => CASE WHEN v_msg ? 'expires_in_days'
                                      THEN (v_msg ->> 'expires_in_days')::integer ELSE 7 END,
            p_metadata        => coalesce(v_msg -> 'metadata', '{}'::jsonb),
            p_in_reply_to     => (v_msg ->> 'in_reply_to')::uuid);
    END LOOP;
    RETURN v_ids;
END;
$$;
COMMENT ON FUNCTION claude.send_messages(uuid, jsonb) IS
'Send many direct messages from one session in one transaction, with one notification: the batch path of send_message. Returns the new message ids (an array, in the order of messages).
from_session_id: the sender, an active session (as for send_message).
messages: a JSON array (1 to 1000, at most 2 MiB of JSON: 22001 beyond) of objects with the arguments of send_message: to_session_id, subject and body (required), message_type, priority, expires_in_days (default 7; null: never expires), metadata, in_reply_to; each is validated as send_message validates it, and the first bad one fails the whole batch (nothing is sent).
One pg_notify(''claude_messages'', {"count": n, "messages": [the first 20 {message_id, to_session_id, to_identity_id, priority}]}) when the transaction commits (a batch of one: the single-message payload).
It fails as send_message does (22001, 22023, 55000, P0002; the first bad message fails the whole batch; 42501 when the login may not act as the sender), and with 22023 when messages is not a non-empty array of objects, holds more than 1000, or a message has an unknown key or a malformed to_session_id, in_reply_to or expires_in_days (naming the message''s position).';
REVOKE ALL ON FUNCTION claude.send_messages(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.send_messages(uuid, jsonb) TO claude_agent;
