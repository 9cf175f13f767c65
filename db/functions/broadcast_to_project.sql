CREATE OR REPLACE FUNCTION claude.broadcast_to_project(
    from_session_id uuid,
    project_name    text,
    subject         text,
    body            text,
    message_type    text    DEFAULT 'broadcast',
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
    PERFORM claude._check_idempotency_key(broadcast_to_project.idempotency_key);
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_project_name(broadcast_to_project.project_name, 'Use the registered project name.');
    PERFORM claude._check_message_bounds(broadcast_to_project.subject, broadcast_to_project.body, broadcast_to_project.metadata,
                                         broadcast_to_project.message_type, broadcast_to_project.priority);
    PERFORM claude._check_required('project_name', broadcast_to_project.project_name,
        'Pass the name of the project whose sessions should receive the broadcast.');
    PERFORM claude._authorize_session(broadcast_to_project.from_session_id);
    v_first := claude._idempotent_begin('broadcast_to_project', broadcast_to_project.idempotency_key);
    IF v_first IS NOT NULL THEN
        RETURN v_first;  -- the same key again: the first call's result
    END IF;
    PERFORM claude._project_id_of(broadcast_to_project.project_name, 'A project is registered when a session starts in it; check the spelling.');
    v_first := claude._new_message(
        p_from_session_id => broadcast_to_project.from_session_id,
        p_to_session_id   => NULL,
        p_to_project      => broadcast_to_project.project_name,
        p_subject         => broadcast_to_project.subject,
        p_body            => broadcast_to_project.body,
        p_message_type    => broadcast_to_project.message_type,
        p_priority        => broadcast_to_project.priority,
        p_expires_in_days => broadcast_to_project.expires_in_days,
        p_metadata        => broadcast_to_project.metadata,
        p_in_reply_to     => broadcast_to_project.in_reply_to);
    PERFORM claude._idempotent_end('broadcast_to_project', broadcast_to_project.idempotency_key, v_first);
    RETURN v_first;
END;
$$;
COMMENT ON FUNCTION claude.broadcast_to_project(uuid, text, text, text, text, text, integer, jsonb, uuid, text) IS
'Broadcast a message to every identity working in a project; returns the new message_id. '
'Each reader identity keeps its own read/acknowledged state (message_receipts); the sender''s identity does not see its own broadcast. '
'from_session_id: the sender, which must be an active session (P0002 unknown, 55000 ended). '
'project_name: a registered project (P0002 unknown, 22023 empty, 22001 over 200 characters). '
'subject (at most 200 characters) and body (at most 65,536 characters) are required: 22001 over the limit, 22023 missing or blank (only white space, control or zero-width characters). '
'message_type: a message type (default broadcast); priority: a message priority (default normal); another value is 22023. '
'expires_in_days: days until the broadcast expires (default 7); NULL means it never expires; 0 or negative is 22023. '
'metadata: a JSON object (22023 otherwise), at most 64 KiB of JSON (22001). in_reply_to: the message this one answers (P0002 unknown). '
'Raises pg_notify(''claude_messages'', {message_id, to_project, priority}) when the transaction commits.
idempotency_key (optional, at most 200 characters): a key unique to this request, e.g. a UUID; a call with a key already used returns the first call''s id and creates nothing (a retry after a lost reply is not applied twice; concurrent calls with one key wait for the first).';
REVOKE ALL ON FUNCTION claude.broadcast_to_project(uuid, text, text, text, text, text, integer, jsonb, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.broadcast_to_project(uuid, text, text, text, text, text, integer, jsonb, uuid, text) TO claude_agent;
