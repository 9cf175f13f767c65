-- Private helper behind send_message and broadcast_to_project: validates
-- everything the two have in common (sender, subject, body, type, priority,
-- expiry, metadata, reply) with the contract's SQLSTATEs, then inserts.  The
-- recipient (exactly one of p_to_session_id, p_to_project) is validated by
-- the caller; the table's CHECKs and triggers remain the final word.
CREATE OR REPLACE FUNCTION claude._new_message(
    p_from_session_id uuid,
    p_to_session_id   uuid,
    p_to_project      text,
    p_subject         text,
    p_body            text,
    p_message_type    text,
    p_priority        text,
    p_expires_in_days integer,
    p_metadata        jsonb,
    p_in_reply_to     uuid
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_session_end timestamptz;
    v_expires_at  timestamptz;
    v_id          uuid;
BEGIN
    -- The bounds first (docs/BOUNDS.md): the API functions check them too, before their own work.
    PERFORM claude._check_message_bounds(p_subject, p_body, p_metadata, p_message_type, p_priority);
    IF p_from_session_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'from_session_id is required',
            HINT = 'Pass the id of the sending (active) session.';
    END IF;
    SELECT s.session_end INTO v_session_end
      FROM claude.sessions s
     WHERE s.session_id = p_from_session_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('sender session %s does not exist', p_from_session_id),
            HINT = 'Pass the session_id returned by start_session.';
    END IF;
    PERFORM claude._refuse_ended_session(p_from_session_id, v_session_end, 'send',
        'Send from the identity''s current (active) session.', 'sender session');

    PERFORM claude._check_required('subject', p_subject, 'Pass a short, non-empty subject.');
    PERFORM claude._check_required('body', p_body, 'Pass the message content as body.');
    PERFORM claude._check_one_of('message_type', p_message_type, claude._message_types());
    PERFORM claude._check_one_of('priority', p_priority, claude._message_priorities());

    IF p_expires_in_days IS NOT NULL THEN
        IF p_expires_in_days <= 0 THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('expires_in_days must be positive, got %s', p_expires_in_days),
                HINT = 'Pass a positive number of days, or NULL for a message that never expires.';
        END IF;
        BEGIN
            v_expires_at := now() + make_interval(days => p_expires_in_days);
            -- messages_expires_at_is_a_calendar_date: past year 9999 no client
            -- could read the message (Python's datetime stops there).
            IF v_expires_at >= upper(claude._calendar_dates()) THEN
                RAISE EXCEPTION USING ERRCODE = 'datetime_field_overflow';
            END IF;
        EXCEPTION WHEN datetime_field_overflow OR interval_field_overflow THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('expires_in_days %s is too far in the future', p_expires_in_days),
                HINT = 'Pass a smaller number of days, or NULL for a message that never expires.';
        END;
    END IF;

    IF p_metadata IS NOT NULL AND jsonb_typeof(p_metadata) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('metadata must be a JSON object, got %s', jsonb_typeof(p_metadata)),
            HINT = 'Pass a JSON object such as {"pr": 12}, or omit metadata.';
    END IF;

    IF p_in_reply_to IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM claude.messages m WHERE m.message_id = p_in_reply_to) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('message %s (in_reply_to) does not exist', p_in_reply_to),
            HINT = 'Reply to the message_id of an existing message, or omit in_reply_to.';
    END IF;

    INSERT INTO claude.messages (from_session_id, to_session_id, to_project, message_type, priority,
                                 subject, body, metadata, expires_at, in_reply_to)
    VALUES (p_from_session_id, p_to_session_id, p_to_project, p_message_type, p_priority,
            p_subject, p_body, coalesce(p_metadata, '{}'::jsonb), v_expires_at, p_in_reply_to)
    RETURNING message_id INTO v_id;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude._new_message(uuid, uuid, text, text, text, text, text, integer, jsonb, uuid) IS 'Private: validate and insert one message (shared by send_message and broadcast_to_project).';
REVOKE ALL ON FUNCTION claude._new_message(uuid, uuid, text, text, text, text, text, integer, jsonb, uuid) FROM PUBLIC;
