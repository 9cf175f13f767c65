CREATE OR REPLACE FUNCTION claude.session_context(session_id uuid)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
    v_session   claude.sessions;
    v_name      claude.identities.identity_name%TYPE;
    v_reminders jsonb;
    v_rem_total bigint;
    v_messages  jsonb;
    v_msg_total integer;
    v_jobs      jsonb;
BEGIN
    v_session := claude._active_session_row(session_context.session_id, 'resume it');
    v_name := claude._identity_name(v_session.identity_id);
    PERFORM claude._mark_session_seen(v_session.session_id, 'working');

    SELECT r.o_reminders, r.o_total INTO v_reminders, v_rem_total
      FROM claude._startup_reminders(v_session.project_name) r;

    SELECT coalesce(jsonb_agg(to_jsonb(m) - 'ordinality' - 'body' - 'age'
                              || jsonb_build_object('body', CASE WHEN length(m.body) > 2000
                                   THEN left(m.body, 2000) || ' [cut: ' || length(m.body) || ' characters]'
                                   ELSE m.body END)
                              ORDER BY m.ordinality) FILTER (WHERE m.ordinality <= 20), '[]'::jsonb),
           count(*)::integer
      INTO v_messages, v_msg_total
      FROM claude.get_pending_messages(session_id => v_session.session_id) WITH ORDINALITY AS m;

    -- What the agent is shown again counts as injected: the prompt hook does not repeat it.
    INSERT INTO claude.session_injections (session_id, message_id)
    SELECT v_session.session_id, (e ->> 'message_id')::uuid FROM jsonb_array_elements(v_messages) e
    ON CONFLICT DO NOTHING;

    v_jobs := claude._startup_jobs(v_session.project_name);

    RETURN jsonb_build_object(
        'session_id', v_session.session_id,
        'identity_id', v_session.identity_id,
        'identity_name', v_name,
        'project_name', v_session.project_name,
        'session_start', v_session.session_start,
        'due_reminders', v_reminders,
        'due_reminders_total', v_rem_total,
        'pending_messages', v_messages,
        'pending_messages_total', v_msg_total,
        'due_jobs', v_jobs,
        'recent_activity', claude._startup_activity(v_session.project_name))
        || claude._startup_leases(v_session.session_id);
END;
$$;
COMMENT ON FUNCTION claude.session_context(uuid) IS
'The session-start context of a session that goes on (Claude Code resumed it or compacted its conversation): the same bundle as claude.session_startup, bounded, without ending or starting any session.
Parameters:
- session_id: the active session to describe again.
Returns jsonb: session_id, identity_id, identity_name, project_name, session_start; due_reminders (at most 10, oldest due first, descriptions and conditions cut to 2,000 characters) and due_reminders_total; pending_messages (at most 20 inbox rows, urgent first, bodies cut to 2,000 characters) and pending_messages_total; due_jobs (at most 5, commands cut to 2,000 characters); recent_activity (at most 10, errors first, summaries cut to 2,000 characters); held_leases and other_leases (the project''s live leases of this identity and of the others, at most 20 each) with held_leases_total and other_leases_total. The messages shown count as injected into the session (claude.deliver_new_messages does not repeat them); the session is marked seen (working).
Errors: P0002 unknown session; 42501 the login may not act as the session''s identity; 55000 the session has ended.';
REVOKE ALL ON FUNCTION claude.session_context(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.session_context(uuid) TO claude_agent;
