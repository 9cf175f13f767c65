CREATE OR REPLACE FUNCTION claude.get_pending_messages(
    session_id   uuid DEFAULT NULL,
    project_name text DEFAULT NULL
)
RETURNS SETOF claude.inbox
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_identity uuid;
    v_project  claude.sessions.project_name%TYPE;
BEGIN
    PERFORM claude._check_project_name(get_pending_messages.project_name, 'Project names are at most 200 characters.');
    PERFORM claude._authorize_session(get_pending_messages.session_id);
    IF get_pending_messages.session_id IS NOT NULL THEN
        SELECT s.identity_id, s.project_name INTO v_identity, v_project
          FROM claude.sessions s
         WHERE s.session_id = get_pending_messages.session_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'P0002',
                MESSAGE = format('session %s does not exist', get_pending_messages.session_id),
                HINT = 'Pass the session_id returned by start_session.';
        END IF;
        -- Direct mail to any session of this identity (mail follows the
        -- identity), plus the project's broadcasts this identity has neither
        -- sent nor read.
        -- The direct branch walks the identity's sessions and probes each
        -- one's pending mail (messages_to_session_id_pending_idx); the OFFSET 0
        -- fence keeps the planner from hashing every pending message of the
        -- system instead, which it prefers once messages are in the millions.
        RETURN QUERY
        SELECT d.*
          FROM claude.sessions s
         CROSS JOIN LATERAL (SELECT i.* FROM claude.inbox i WHERE i.to_session_id = s.session_id OFFSET 0) d
         WHERE s.identity_id = v_identity
        UNION ALL
        SELECT i.*
          FROM claude.inbox i
         WHERE i.to_project = v_project
           AND i.from_identity_id <> v_identity
           AND NOT EXISTS (SELECT 1
                             FROM claude.message_receipts r
                            WHERE r.message_id = i.message_id
                              AND r.identity_id = v_identity)
         ORDER BY priority_rank, created_at, message_id;
        RETURN;
    END IF;

    IF get_pending_messages.project_name IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'get_pending_messages needs session_id or project_name',
            HINT = 'Pass session_id for a session''s inbox, or project_name for a project''s pending broadcasts.';
    END IF;
    PERFORM claude._project_id_of(get_pending_messages.project_name, 'A project is registered when a session starts in it; check the spelling.');
    RETURN QUERY
    SELECT i.*
      FROM claude.inbox i
     WHERE i.to_project = get_pending_messages.project_name
     ORDER BY i.priority_rank, i.created_at, i.message_id;
END;
$$;
COMMENT ON FUNCTION claude.get_pending_messages(uuid, text) IS
'List pending, unexpired messages, most urgent priority first (the order of claude._message_priorities()), oldest first within a priority. '
'session_id: that session''s inbox: direct messages pending for the session''s identity (including mail sent to its earlier, ended sessions) plus broadcasts to the session''s project that this identity has not read and did not send; project_name is then ignored (P0002 unknown session). '
'project_name (without session_id): every pending broadcast to that project (P0002 unknown project). '
'Neither: 22023. Reading does not change state: use mark_message_read / acknowledge_message.';
REVOKE ALL ON FUNCTION claude.get_pending_messages(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_pending_messages(uuid, text) TO claude_agent;
