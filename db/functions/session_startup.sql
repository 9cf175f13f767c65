-- The SessionStart hook in one round trip.  It deliberately does not check
-- reminders: sql_query conditions must run with the caller's privileges
-- (check_reminder/process_due_reminders are SECURITY INVOKER), so the client
-- runs them after this returns.
CREATE OR REPLACE FUNCTION claude.session_startup(
    identity_id    uuid,
    project_name   text,
    project_schema text DEFAULT NULL
)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
    v_name      claude.identities.identity_name%TYPE;
    v_previous  record;
    v_session   uuid;
    v_reminders jsonb;
    v_messages  jsonb;
    v_reminders_total bigint;
    v_messages_total  bigint;
    v_jobs      jsonb;
    v_activity  jsonb;
BEGIN
    PERFORM claude._check_project_name(session_startup.project_name);
    PERFORM claude._check_project_schema(session_startup.project_schema);
    PERFORM claude._authorize_identity(session_startup.identity_id);
    -- Lock the identity first: concurrent startups of one identity queue here,
    -- and each one ends the session its predecessor committed.
    v_name := (claude._lock_identity(session_startup.identity_id, 'start a session')).identity_name;
    PERFORM claude._check_name('project_name', session_startup.project_name,
        'Pass the name of the project, e.g. the git repository''s name.');

    -- A new start means the previous session is over (the agent crashed or
    -- was closed without a SessionEnd hook).
    FOR v_previous IN
        SELECT s.session_id, s.project_name
          FROM claude.sessions s
         WHERE s.identity_id = session_startup.identity_id AND s.session_end IS NULL
    LOOP
        PERFORM claude._auto_end_session(v_previous.session_id,
            format('superseded by a new session of %s on %s', v_name, session_startup.project_name));
    END LOOP;

    v_session := claude.start_session(identity_id => session_startup.identity_id,
                                      project_name => session_startup.project_name,
                                      project_schema => session_startup.project_schema);

    -- docs/BOUNDS.md: what reaches a model is bounded.  At most 10 due reminders
    -- and 20 pending messages, long texts cut to 2,000 characters with a
    -- marker, with the totals so that the reader knows what was left out.
    SELECT r.o_reminders, r.o_total INTO v_reminders, v_reminders_total
      FROM claude._startup_reminders(session_startup.project_name) r;

    SELECT coalesce(jsonb_agg(to_jsonb(m) - 'ordinality'
                              || jsonb_build_object('body', claude._cut_text(m.body, 2000),
                                                    'metadata', CASE WHEN octet_length(m.metadata::text) <= 2000 THEN m.metadata
                                                                     ELSE jsonb_build_object('cut_by_claude_gateway',
                                                                          format('%s bytes of metadata: see get_pending_messages', octet_length(m.metadata::text))) END)
                              ORDER BY m.ordinality) FILTER (WHERE m.ordinality <= 20), '[]'::jsonb),
           count(*)
      INTO v_messages, v_messages_total
      FROM claude.get_pending_messages(session_id => v_session) WITH ORDINALITY AS m;

    v_jobs := claude._startup_jobs(session_startup.project_name);
    v_activity := claude._startup_activity(session_startup.project_name);

    RETURN jsonb_build_object(
        'session_id', v_session,
        'identity_id', session_startup.identity_id,
        'identity_name', v_name,
        'project_name', session_startup.project_name,
        'due_reminders', v_reminders,
        'due_reminders_total', v_reminders_total,
        'pending_messages', v_messages,
        'pending_messages_total', v_messages_total,
        'due_jobs', v_jobs,
        'recent_activity', v_activity)
        || claude._startup_leases(v_session);
END;
$$;
COMMENT ON FUNCTION claude.session_startup(uuid, text, text) IS
'Start a session and return everything an agent needs at session start, in one round trip (the SessionStart hook).
Locks the identity (concurrent startups of one identity run one after the other), ends any active session of the
identity automatically (summary "Ended automatically: ...", a session_ended and a warning session_auto_ended
activity), starts the new session (claude.start_session: registers the project, updates last_active_at) and
returns a jsonb object: session_id, identity_id, identity_name, project_name;
due_reminders (claude.get_due_reminders of the project: at most 10 reminder rows, oldest due first) and
due_reminders_total (how many are due: the rest is in get_due_reminders);
pending_messages (claude.get_pending_messages of the new session: at most 20 inbox rows, urgent first) and
pending_messages_total (how many are pending: the rest is in get_pending_messages);
due_jobs (claude.get_due_jobs of the project, at most 5: job_id, job_name, job_type, priority, trigger_type,
command, working_directory, timeout_seconds, last_run, last_status);
recent_activity (at most 10 activity_feed rows of the project: errors, then warnings, then the rest, newest
first within each; errors and warnings count for 7 days, the rest only among the 10 newest entries);
held_leases and other_leases (the project''s live leases of this identity and of the others, at most 20 each:
lease_id, path, exclusive, reason, expires_at, and identity_name for the others) with held_leases_total and
other_leases_total.
Bounded for a model: message bodies, reminder descriptions and conditions, job commands and activity summaries
are cut to 2,000 characters (ending in "[cut by claude-gateway: N more characters]"), message metadata over
2,000 bytes is replaced by {"cut_by_claude_gateway": ...}; the uncut rows are in the functions named.
It does not check reminders: run claude.process_due_reminders(project_name) yourself (conditions run with your
privileges, under your statement_timeout) and check file_exists reminders on your machine.
Errors: P0002 unknown identity; 55000 archived identity; 22023 blank project_name, or one with a control or
zero-width character; 22001 project_name (200) or project_schema (100) too long. On any error nothing changes (the previous session stays active).';
REVOKE ALL ON FUNCTION claude.session_startup(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.session_startup(uuid, text, text) TO claude_agent;
