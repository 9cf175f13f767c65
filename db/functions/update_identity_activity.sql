CREATE OR REPLACE FUNCTION claude.update_identity_activity(identity_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM claude._authorize_identity(update_identity_activity.identity_id);
    PERFORM claude._lock_identity(update_identity_activity.identity_id, 'record activity');
    UPDATE claude.identities i
       SET last_active_at = greatest(i.last_active_at, now())
     WHERE i.identity_id = update_identity_activity.identity_id;
END;
$$;
COMMENT ON FUNCTION claude.update_identity_activity(uuid) IS
'Record that an identity is active now (sets last_active_at = now(); a heartbeat that also keeps its session from being ended as abandoned).
Called automatically when a session starts.
Errors: P0002 unknown identity; 55000 the identity is archived.';
REVOKE ALL ON FUNCTION claude.update_identity_activity(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.update_identity_activity(uuid) TO claude_agent;
