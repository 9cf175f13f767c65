-- Session rules that a CHECK cannot express: a session belongs to one
-- identity for good, a new session needs an active identity, and an ended
-- session is final (cannot be reopened, its record cannot be rewritten).
-- Time columns (session_start, session_end, created_at) stay writable by the
-- owner for maintenance and tests; the CHECK sessions_end_is_after_start
-- still applies.  One active session per identity is the partial unique
-- index sessions_identity_id_active_idx.
CREATE OR REPLACE FUNCTION claude.tg_sessions__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- Lock the identity as _500_touch_identity will update it anyway:
        -- concurrent starts (and archive_identity) queue here instead of
        -- deadlocking later, and see each other's committed session.
        PERFORM claude._lock_identity(NEW.identity_id, 'start a session', p_unknown_hint => NULL);
        RETURN NEW;  -- an unknown identity fails on the foreign key
    END IF;

    IF NEW.identity_id IS DISTINCT FROM OLD.identity_id THEN
        PERFORM claude._refuse_change(format('session %s belongs to identity %s and cannot be moved', OLD.session_id, OLD.identity_id),
            'End this session and start a new one for the other identity.');
    END IF;

    IF OLD.session_end IS NOT NULL THEN
        IF NEW.session_end IS NULL THEN
            PERFORM claude._refuse_change(format('session %s ended at %s and cannot be reopened', OLD.session_id, OLD.session_end),
                'Start a new session with claude.start_session(...).');
        END IF;
        IF (NEW.project_name, NEW.project_schema, NEW.session_summary, NEW.tasks_completed,
            NEW.learnings_gained, NEW.challenges_encountered, NEW.session_metadata)
           IS DISTINCT FROM
           (OLD.project_name, OLD.project_schema, OLD.session_summary, OLD.tasks_completed,
            OLD.learnings_gained, OLD.challenges_encountered, OLD.session_metadata) THEN
            PERFORM claude._refuse_change(format('session %s has ended; its record is final', OLD.session_id),
                'Only time columns of an ended session may be corrected; start a new session for new work.');
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_sessions__guard() IS 'Trigger: no session for an archived identity, no moving a session to another identity, no reopening or rewriting an ended session (55000).';
REVOKE ALL ON FUNCTION claude.tg_sessions__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
    BEFORE INSERT OR UPDATE ON claude.sessions
    FOR EACH ROW EXECUTE FUNCTION claude.tg_sessions__guard();
