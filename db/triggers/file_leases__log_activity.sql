-- lease_acquired / lease_released activity rows (source_type lease, source_id
-- the lease), fired from the table so every path (API, session end, direct
-- owner write) is logged.  Re-acquiring a held lease is logged by
-- claude.acquire_lease, which knows it was an acquisition and not a renewal.
CREATE OR REPLACE FUNCTION claude.tg_file_leases__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_name claude.identities.identity_name%TYPE;
BEGIN
    v_name := claude._identity_name(NEW.identity_id);
    IF TG_OP = 'INSERT' THEN
        PERFORM claude._insert_activity('lease', NEW.lease_id, v_name, 'lease_acquired',
                format('%s leased %s (%s) until %s', v_name, NEW.path,
                       CASE WHEN NEW.exclusive THEN 'exclusive' ELSE 'shared' END,
                       to_char(NEW.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')),
                NEW.reason, NEW.project_name, 'info');
    END IF;
    IF NEW.released_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.released_at IS NULL) THEN
        PERFORM claude._insert_activity('lease', NEW.lease_id, v_name, 'lease_released',
                format('%s released %s%s', v_name, NEW.path,
                       CASE NEW.release_cause WHEN 'session_ended' THEN ' (session ended)' ELSE '' END),
                NEW.reason, NEW.project_name, 'info');
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_file_leases__log_activity() IS 'Trigger: logs lease_acquired on INSERT and lease_released when released_at is set (source_type lease, source_id the lease).';
REVOKE ALL ON FUNCTION claude.tg_file_leases__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
    AFTER INSERT OR UPDATE OF released_at ON claude.file_leases
    FOR EACH ROW EXECUTE FUNCTION claude.tg_file_leases__log_activity();
