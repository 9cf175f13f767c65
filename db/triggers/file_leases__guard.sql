-- Who holds a lease and what it covers never change; a released lease stays
-- released; a lease is taken only by an active session, as its identity, in
-- its project.  (Time columns stay writable by the owner for maintenance and
-- tests; the CHECKs bound them.)
CREATE OR REPLACE FUNCTION claude.tg_file_leases__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_session claude.sessions%ROWTYPE;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT s.* INTO v_session FROM claude.sessions s WHERE s.session_id = NEW.session_id;
        IF NOT FOUND THEN
            RETURN NEW;  -- the foreign key refuses it
        END IF;
        IF NEW.released_at IS NULL THEN
            PERFORM claude._refuse_ended_session(NEW.session_id, v_session.session_end, 'take leases',
                'Start a new session first.');
        END IF;
        NEW.identity_id := coalesce(NEW.identity_id, v_session.identity_id);
        NEW.project_name := coalesce(NEW.project_name, v_session.project_name);
        IF NEW.identity_id <> v_session.identity_id OR NEW.project_name <> v_session.project_name THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = format('lease of session %s must be held by its identity %s in its project %L',
                                 NEW.session_id, v_session.identity_id, v_session.project_name),
                HINT = 'Leave identity_id and project_name out: they come from the session.';
        END IF;
        RETURN NEW;
    END IF;

    IF NEW.lease_id IS DISTINCT FROM OLD.lease_id
       OR NEW.session_id IS DISTINCT FROM OLD.session_id
       OR NEW.identity_id IS DISTINCT FROM OLD.identity_id
       OR NEW.path IS DISTINCT FROM OLD.path
       -- (a renamed project cascades here: then the old name is gone)
       OR (NEW.project_name IS DISTINCT FROM OLD.project_name
           AND EXISTS (SELECT 1 FROM claude.projects p WHERE p.project_name = OLD.project_name)) THEN
        PERFORM claude._refuse_change(format('lease %s cannot change its holder, project or path', OLD.lease_id),
            'Release it and acquire the new path.');
    END IF;
    IF OLD.released_at IS NOT NULL
       AND (NEW.released_at IS NULL OR NEW.release_cause IS DISTINCT FROM OLD.release_cause
            OR NEW.exclusive IS DISTINCT FROM OLD.exclusive OR NEW.reason IS DISTINCT FROM OLD.reason) THEN
        PERFORM claude._refuse_change(format('lease %s on %L was released at %s and cannot change', OLD.lease_id, OLD.path, OLD.released_at),
            'Acquire the path again with claude.acquire_lease.');
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_file_leases__guard() IS 'Trigger: a lease is taken by an active session as its identity in its project; holder and path never change; a released lease stays released.';
REVOKE ALL ON FUNCTION claude.tg_file_leases__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
    BEFORE INSERT OR UPDATE ON claude.file_leases
    FOR EACH ROW EXECUTE FUNCTION claude.tg_file_leases__guard();
