CREATE OR REPLACE FUNCTION claude.update_identity_activity(identity_id uuid)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v_status claude.identities.status%TYPE;
    v_name   claude.identities.identity_name%TYPE;
BEGIN
    SELECT i.status, i.identity_name INTO v_status, v_name
      FROM claude.identities i
     WHERE i.identity_id = update_identity_activity.identity_id
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('identity %s does not exist', coalesce(update_identity_activity.identity_id::text, 'NULL')),
            HINT = 'Register it first with claude.register_identity(...), or list them with claude.get_active_identities().';
    END IF;
    IF v_status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('identity %L (%s) is %s', v_name, update_identity_activity.identity_id, v_status),
            HINT = 'Only active identities record activity; register a new identity.';
    END IF;
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
