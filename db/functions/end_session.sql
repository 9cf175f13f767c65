CREATE OR REPLACE FUNCTION claude.end_session(
    session_id uuid,
    summary    text,
    tasks      text[] DEFAULT '{}',
    learnings  text[] DEFAULT '{}',
    challenges text[] DEFAULT '{}'
)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_end   timestamptz;
    v_start timestamptz;
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('summary', end_session.summary, 65536, 'A summary is at most 65,536 characters.');
    PERFORM claude._check_list('tasks', end_session.tasks, 100, 65536, 65536, 'At most 100 items and 65,536 characters in all.');
    PERFORM claude._check_list('learnings', end_session.learnings, 100, 65536, 65536, 'At most 100 items and 65,536 characters in all.');
    PERFORM claude._check_list('challenges', end_session.challenges, 100, 65536, 65536, 'At most 100 items and 65,536 characters in all.');
    PERFORM claude._authorize_session(end_session.session_id);
    SELECT s.session_end, s.session_start INTO v_end, v_start
      FROM claude.sessions s
     WHERE s.session_id = end_session.session_id
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('session %s does not exist', coalesce(end_session.session_id::text, 'NULL')),
            HINT = 'Check the id; claude.get_active_session(identity_id => ...) returns the active one.';
    END IF;
    IF v_end IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('session %s already ended at %s', end_session.session_id, v_end),
            HINT = 'Nothing to do; an ended session cannot be ended again or reopened.';
    END IF;
    PERFORM claude._check_required('summary', end_session.summary, 'Pass summary => ''what was done in this session''.',
        format('a summary is required to end session %s', end_session.session_id));

    UPDATE claude.sessions s
       SET session_end            = greatest(now(), v_start),
           session_summary        = end_session.summary,
           tasks_completed        = coalesce(end_session.tasks, '{}'),
           learnings_gained       = coalesce(end_session.learnings, '{}'),
           challenges_encountered = coalesce(end_session.challenges, '{}')
     WHERE s.session_id = end_session.session_id;
END;
$$;
COMMENT ON FUNCTION claude.end_session(uuid, text, text[], text[], text[]) IS
'End an active session with a summary; logs a session_ended activity.
Parameters:
- session_id: the active session to end (P0002 unknown; 55000 already ended).
- summary: what the session achieved (required, non-blank, at most 65,536 characters).
- tasks: tasks completed (text array, optional; at most 100 items, 65,536 characters in all).
- learnings: learnings gained (text array, optional; at most 100 items, 65,536 characters in all).
- challenges: challenges encountered (text array, optional; at most 100 items, 65,536 characters in all).
Errors: P0002 unknown session; 42501 the login may not act as the session''s identity; 55000 the session has already ended; 22023 blank or missing summary (only white space, control or zero-width characters); 22001 a text or list over its limit.';
REVOKE ALL ON FUNCTION claude.end_session(uuid, text, text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.end_session(uuid, text, text[], text[], text[]) TO claude_agent;
