-- Identities are never deleted, only archived; an identity with an active
-- session cannot be archived; identity_id never changes.  The partial unique
-- index identities_identity_name_active_idx keeps active names unique (it also
-- refuses un-archiving an identity whose name has been taken meanwhile).
CREATE OR REPLACE FUNCTION claude.tg_identities__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_session uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM claude._refuse_change(format('identity %L (%s) cannot be deleted', OLD.identity_name, OLD.identity_id),
            'Identities are never deleted; archive it with claude.archive_identity(identity_id => ...).');
    END IF;

    IF NEW.identity_id IS DISTINCT FROM OLD.identity_id THEN
        PERFORM claude._refuse_change(format('identity_id of identity %L cannot change', OLD.identity_name),
            'Register a new identity instead.');
    END IF;

    IF NEW.status = 'archived' AND OLD.status IS DISTINCT FROM 'archived' THEN
        v_session := claude._active_session_of(NEW.identity_id);
        IF v_session IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = format('identity %L has an active session (%s) and cannot be archived', NEW.identity_name, v_session),
                HINT = 'End the session first with claude.end_session(...), or claude.end_abandoned_sessions(...).';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_identities__guard() IS 'Trigger: identities cannot be deleted, change id, or be archived while they have an active session (55000).';
REVOKE ALL ON FUNCTION claude.tg_identities__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
    BEFORE UPDATE OR DELETE ON claude.identities
    FOR EACH ROW EXECUTE FUNCTION claude.tg_identities__guard();
