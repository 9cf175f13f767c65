CREATE OR REPLACE FUNCTION claude.release_lease(lease_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM claude._lease_row(release_lease.lease_id, 'be released again');
    UPDATE claude.file_leases l
       SET released_at = greatest(now(), l.acquired_at),
           release_cause = 'released'
     WHERE l.lease_id = release_lease.lease_id;
END;
$$;
COMMENT ON FUNCTION claude.release_lease(uuid) IS
'Release a lease (live or expired): its paths are free for others at once. Logs a lease_released activity.
Parameters:
- lease_id: the lease.

Errors: P0002 unknown lease; 55000 already released; 42501 the holder is not this login''s identity.';
REVOKE ALL ON FUNCTION claude.release_lease(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.release_lease(uuid) TO claude_agent;
