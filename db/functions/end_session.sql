CREATE OR REPLACE FUNCTION claude.end_session(
    session_id uuid,
    summary    text,
    tasks      text[] DEFAULT '{}',
    learnings  text[] DEFAULT '{}',
    challenges text[] DEFAULT '{}'
)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v_end   timestamptz;
    v_start timestamptz;
BEGIN
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
    IF end_session.summary IS NULL OR end_session.summary !~ '[^[:space:]]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('a summary is required to end session %s', end_session.session_id),
            HINT = 'Pass summary => ''what was done in this session''.';
    END IF;

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
- summary: what the session achieved (required, non-blank).
- tasks: tasks completed (text array, optional).
- learnings: learnings gained (text array, optional).
- challenges: challenges encountered (text array, optional).
summary: required, not blank. tasks, learnings, challenges: lists of completed tasks, learnings gained and challenges encountered (default empty; NULL means empty).
Errors: P0002 unknown session; 55000 the session has already ended; 22023 blank or missing summary.';
REVOKE ALL ON FUNCTION claude.end_session(uuid, text, text[], text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.end_session(uuid, text, text[], text[], text[]) TO claude_agent;
