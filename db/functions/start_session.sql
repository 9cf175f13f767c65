CREATE OR REPLACE FUNCTION claude.start_session(
    identity_id    uuid,
    project_name   text,
    project_schema text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_name       claude.identities.identity_name%TYPE;
    v_active     uuid;
    v_id         uuid;
    v_constraint text;
BEGIN
    PERFORM claude._check_project_name(start_session.project_name);
    PERFORM claude._check_project_schema(start_session.project_schema);
    PERFORM claude._check_name('project_name', start_session.project_name,
        'Pass the name of the project, e.g. the git repository''s name.');
    PERFORM claude._authorize_identity(start_session.identity_id);

    -- Lock the identity: concurrent starts for one identity queue here, and
    -- each sees the session its predecessor committed.
    v_name := (claude._lock_identity(start_session.identity_id, 'start a session')).identity_name;
    v_active := claude._active_session_of(start_session.identity_id);
    IF v_active IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('identity %L already has an active session (%s)', v_name, v_active),
            HINT = 'End it first with claude.end_session(session_id => ...), or use claude.get_active_session(identity_id => ...) to continue it.';
    END IF;

    PERFORM claude._ensure_project(start_session.project_name, start_session.project_schema);

    BEGIN
        INSERT INTO claude.sessions (identity_id, project_name, project_schema)
        VALUES (start_session.identity_id, start_session.project_name, start_session.project_schema)
        RETURNING sessions.session_id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        -- The partial unique index is the real guarantee (any writer, any race).
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint = 'sessions_identity_id_active_idx' THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = format('identity %L already has an active session', v_name),
                HINT = 'End it first with claude.end_session(session_id => ...), or use claude.get_active_session(identity_id => ...) to continue it.';
        END IF;
        RAISE;
    END;

    PERFORM claude.update_identity_activity(identity_id => start_session.identity_id);
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude.start_session(uuid, text, text) IS
'Start a work session for an identity on a project and return its session_id.
identity_id: an active identity with no active session (one active session per identity, guaranteed under concurrency).
project_name: the project (up to 200 characters), registered in claude.projects if new; project_schema: its database schema, optional.
Logs a session_started activity and updates the identity''s last_active_at.
Errors: P0002 unknown identity; 55000 the identity is archived or already has an active session; 22023 blank project_name, or one with a control or zero-width character; 22001 project_name (200) or project_schema (100) too long.';
REVOKE ALL ON FUNCTION claude.start_session(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.start_session(uuid, text, text) TO claude_agent;
