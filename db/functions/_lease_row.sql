-- Private helper: lock a lease row for a change by its holder and insist
-- that it exists (P0002), that the connection's login may act as the holder
-- (42501, claude._authorize_session) and that it is not released (55000).
-- Returns the locked row.
CREATE OR REPLACE FUNCTION claude._lease_row(p_lease_id uuid, p_action text)
RETURNS claude.file_leases
LANGUAGE plpgsql
AS $$
DECLARE
    v_lease claude.file_leases;
BEGIN
    SELECT l.* INTO v_lease FROM claude.file_leases l WHERE l.lease_id = p_lease_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('lease %s does not exist', coalesce(p_lease_id::text, 'NULL')),
            HINT = 'Check the id: claude.acquire_lease returns it, and the claude.live_leases view lists the live ones.';
    END IF;
    PERFORM claude._authorize_session(v_lease.session_id);  -- 42501: another identity's lease
    IF v_lease.released_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('lease %s on %L was released at %s (%s) and cannot %s',
                             p_lease_id, v_lease.path, v_lease.released_at, v_lease.release_cause, p_action),
            HINT = 'Acquire the path again with claude.acquire_lease.';
    END IF;
    RETURN v_lease;
END;
$$;
COMMENT ON FUNCTION claude._lease_row(uuid, text) IS 'Private: lock a lease and raise P0002 if unknown, 42501 if the login may not act as its holder, 55000 if released (p_action completes "cannot ...").';
REVOKE ALL ON FUNCTION claude._lease_row(uuid, text) FROM PUBLIC;
