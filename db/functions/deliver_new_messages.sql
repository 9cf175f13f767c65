CREATE OR REPLACE FUNCTION claude.deliver_new_messages(
    session_id uuid,
    max_messages integer DEFAULT 5
)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
    v_session   claude.sessions;
    v_messages  jsonb;
    v_total     integer;
BEGIN
    IF deliver_new_messages.max_messages IS NULL OR deliver_new_messages.max_messages NOT BETWEEN 1 AND 20 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('max_messages %s is outside 1..20', coalesce(deliver_new_messages.max_messages::text, 'NULL')),
            HINT = 'Pass max_messages => 5 (the default) or another number from 1 to 20.';
    END IF;
    v_session := claude._active_session_row(deliver_new_messages.session_id, 'deliver messages to it');
    PERFORM claude._mark_session_seen(v_session.session_id, 'working');

    -- Nothing new (the common case, on every prompt): answer before the inbox
    -- is planned.  This is a superset of `fresh` below (pending mail to one of
    -- the identity's sessions, or to the project from another identity and
    -- not read by this one, since the session started, not injected yet), so
    -- an empty answer here is the answer.
    IF NOT EXISTS (
        SELECT 1
          FROM claude.messages m
         WHERE m.status = 'pending'
           AND m.created_at >= v_session.session_start
           AND (m.to_session_id IN (SELECT s.session_id FROM claude.sessions s
                                     WHERE s.identity_id = v_session.identity_id)
                OR m.to_project = v_session.project_name
                   AND NOT EXISTS (SELECT 1 FROM claude.sessions f
                                    WHERE f.session_id = m.from_session_id
                                      AND f.identity_id = v_session.identity_id)
                   AND NOT EXISTS (SELECT 1 FROM claude.message_receipts r
                                    WHERE r.message_id = m.message_id
                                      AND r.identity_id = v_session.identity_id))
           AND NOT EXISTS (SELECT 1 FROM claude.session_injections j
                            WHERE j.session_id = v_session.session_id AND j.message_id = m.message_id))
    THEN
        RETURN jsonb_build_object('session_id', v_session.session_id, 'messages', '[]'::jsonb, 'more', 0);
    END IF;

    -- What arrived since the session started and was not injected yet; the
    -- session start showed what was pending before.  The insert decides: of
    -- two concurrent hooks, only one delivers a given message.
    WITH fresh AS (
        SELECT m.*, row_number() OVER (ORDER BY m.priority_rank, m.created_at, m.message_id) AS n
          FROM claude.get_pending_messages(session_id => v_session.session_id) m
         WHERE m.created_at >= v_session.session_start
           AND NOT EXISTS (SELECT 1 FROM claude.session_injections j
                            WHERE j.session_id = v_session.session_id AND j.message_id = m.message_id)
    ), counted AS (
        SELECT count(*)::integer AS total FROM fresh
    ), taken AS (
        INSERT INTO claude.session_injections (session_id, message_id)
        SELECT v_session.session_id, f.message_id FROM fresh f WHERE f.n <= deliver_new_messages.max_messages
        ON CONFLICT DO NOTHING
        RETURNING message_id
    )
    SELECT (SELECT total FROM counted),
           coalesce(jsonb_agg(jsonb_build_object(
               'message_id', f.message_id, 'from_identity_name', f.from_identity_name,
               'from_overseer', f.from_overseer,
               'to_project', f.to_project, 'message_type', f.message_type, 'priority', f.priority,
               'subject', f.subject,
               'body', CASE WHEN length(f.body) > 1000 THEN left(f.body, 1000) || ' [cut: ' || length(f.body) || ' characters]'
                            ELSE f.body END,
               'created_at', f.created_at, 'in_reply_to', f.in_reply_to) ORDER BY f.n), '[]'::jsonb)
      INTO v_total, v_messages
      FROM fresh f
      JOIN taken t ON t.message_id = f.message_id;

    RETURN jsonb_build_object(
        'session_id', v_session.session_id,
        'messages', v_messages,
        'more', greatest(v_total - jsonb_array_length(v_messages), 0));
END;
$$;
COMMENT ON FUNCTION claude.deliver_new_messages(uuid, integer) IS
'Deliver the mail that arrived for a session since it started and was not delivered to it yet (the mid-session prompt hook): at most max_messages messages, urgent first, then oldest; each message is delivered at most once per session (recorded in session_injections), and comes again at the next session''s start while it stays unread.
Parameters:
- session_id: the active session whose agent receives the mail.
- max_messages: how many messages to deliver at most (1..20, default 5); the rest come on the next call.
Returns jsonb: session_id; messages (message_id, from_identity_name, from_overseer (true: sent by a human overseer), to_project, message_type, priority, subject, body cut to 1,000 characters, created_at, in_reply_to); more (how many new messages are left). Delivering marks the session seen (working); it does not mark messages read.
Errors: P0002 unknown session; 42501 the login may not act as the session''s identity; 55000 the session has ended; 22023 max_messages outside 1..20.';
REVOKE ALL ON FUNCTION claude.deliver_new_messages(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.deliver_new_messages(uuid, integer) TO claude_agent;
