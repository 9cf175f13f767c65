-- Ending a session releases its leases, whoever ends it: end_session, the
-- startup hook superseding it, end_abandoned_sessions (an identity gone
-- stale), or a direct owner write.
CREATE OR REPLACE FUNCTION claude.tg_sessions__release_leases()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE claude.file_leases l
       SET released_at = greatest(now(), l.acquired_at),
           release_cause = 'session_ended'
     WHERE l.session_id = NEW.session_id
       AND l.released_at IS NULL;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_sessions__release_leases() IS 'Trigger: releases the leases of a session when it ends (release_cause session_ended).';
REVOKE ALL ON FUNCTION claude.tg_sessions__release_leases() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _800_release_leases
    AFTER UPDATE OF session_end ON claude.sessions
    FOR EACH ROW
    WHEN (OLD.session_end IS NULL AND NEW.session_end IS NOT NULL)
    EXECUTE FUNCTION claude.tg_sessions__release_leases();
