CREATE OR REPLACE FUNCTION claude.renew_lease(
    lease_id    uuid,
    ttl_seconds integer DEFAULT 3600
)
RETURNS claude.file_leases
LANGUAGE plpgsql
AS $$
DECLARE
    v_lease claude.file_leases;
BEGIN
    PERFORM claude._check_lease_ttl(renew_lease.ttl_seconds);
    v_lease := claude._lease_row(renew_lease.lease_id, 'be renewed');
    -- An expired lease may come back to life unless someone has taken an
    -- overlapping path meanwhile: the conflict trigger decides (55000).
    PERFORM claude._lock_lease_project(v_lease.project_name);
    UPDATE claude.file_leases l
       SET renewed_at = now(),
           expires_at = now() + make_interval(secs => renew_lease.ttl_seconds)
     WHERE l.lease_id = renew_lease.lease_id
    RETURNING l.* INTO v_lease;
    RETURN v_lease;
END;
$$;
COMMENT ON FUNCTION claude.renew_lease(uuid, integer) IS
'Renew a lease: it now expires ttl_seconds (1..86400, default 3600) from now; returns the lease row.
An expired lease can be renewed unless another identity has leased an overlapping path meanwhile.
Parameters:
- lease_id: the lease.
- ttl_seconds: 1..86400.

Errors: P0002 unknown lease; 55000 released, or expired and an overlapping path is now held by another identity; 42501 the holder is not this login''s identity; 22023 ttl_seconds outside 1..86400.';
REVOKE ALL ON FUNCTION claude.renew_lease(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.renew_lease(uuid, integer) TO claude_agent;
