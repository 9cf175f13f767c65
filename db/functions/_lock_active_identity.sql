-- Private helper: lock an identity row (FOR NO KEY UPDATE, so concurrent
-- session starts of one identity queue behind each other) and insist that it
-- exists (P0002) and is active (55000).  Returns the locked row.
CREATE OR REPLACE FUNCTION claude._lock_active_identity(p_identity_id uuid, p_action text)
RETURNS claude.identities
LANGUAGE plpgsql
AS $$
DECLARE
    v_identity claude.identities;
BEGIN
    SELECT i.* INTO v_identity
      FROM claude.identities i
     WHERE i.identity_id = p_identity_id
       FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('identity %s does not exist', coalesce(p_identity_id::text, 'NULL')),
            HINT = 'Register it first with claude.register_identity(...), or list them with claude.get_active_identities().';
    END IF;
    IF v_identity.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('identity %L (%s) is %s and cannot %s', v_identity.identity_name, p_identity_id,
                             v_identity.status, p_action),
            HINT = 'Register a new identity, or use an active one.';
    END IF;
    RETURN v_identity;
END;
$$;
COMMENT ON FUNCTION claude._lock_active_identity(uuid, text) IS 'Private: lock an identity row and raise P0002 if unknown, 55000 if archived (p_action completes "cannot ...").';
REVOKE ALL ON FUNCTION claude._lock_active_identity(uuid, text) FROM PUBLIC;
