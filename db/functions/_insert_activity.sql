-- Private helper: the one writer of activity_feed rows (log_activity, the
-- *_log_activity triggers, _auto_end_session).  A title built from a subject
-- or a name is cut to the column's 500 characters here, once.
CREATE OR REPLACE FUNCTION claude._insert_activity(
    p_source_type   text,
    p_source_id     uuid,
    p_actor         text,
    p_activity_type text,
    p_title         text,
    p_summary       text,
    p_project_name  text,
    p_severity      text
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_id uuid;
BEGIN
    -- PL/pgSQL, not SQL: the INSERT's plan is cached for the session.  A SQL
    -- function with a SET clause is never inlined, so it parsed and planned
    -- its INSERT on every call (about 90 us of every activity row).
    INSERT INTO claude.activity_feed (source_type, source_id, actor, activity_type, title, summary, project_name, severity)
    VALUES (p_source_type, p_source_id, p_actor, p_activity_type, left(p_title, 500), p_summary, p_project_name, p_severity)
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude._insert_activity(text, uuid, text, text, text, text, text, text) IS 'Private: insert one activity_feed row (title cut to 500 characters) and return its id.';
REVOKE ALL ON FUNCTION claude._insert_activity(text, uuid, text, text, text, text, text, text) FROM PUBLIC;
