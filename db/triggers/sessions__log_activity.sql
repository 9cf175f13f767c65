-- session_started / session_ended activity rows, fired from the table so a
-- session written by any path (API, startup hook, direct owner write) is logged.
CREATE OR REPLACE FUNCTION claude.tg_sessions__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_name claude.identities.identity_name%TYPE;
BEGIN
    v_name := claude._identity_name(NEW.identity_id);

    IF TG_OP = 'INSERT' THEN
        PERFORM claude._insert_activity('session', NEW.session_id, v_name, 'session_started',
                format('%s started a session on %s', v_name, NEW.project_name),
                NULL, NEW.project_name, 'info');
    END IF;

    IF NEW.session_end IS NOT NULL
       AND (TG_OP = 'INSERT' OR OLD.session_end IS NULL) THEN
        PERFORM claude._insert_activity('session', NEW.session_id, v_name, 'session_ended',
                format('%s ended a session on %s', v_name, NEW.project_name),
                NEW.session_summary, NEW.project_name, 'info');
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_sessions__log_activity() IS 'Trigger: logs session_started on INSERT and session_ended when session_end is set.';
REVOKE ALL ON FUNCTION claude.tg_sessions__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
    AFTER INSERT OR UPDATE OF session_end ON claude.sessions
    FOR EACH ROW EXECUTE FUNCTION claude.tg_sessions__log_activity();
