-- Private helper: lock an identity row (FOR NO KEY UPDATE, so concurrent
-- session starts of one identity queue behind each other, and archiving waits
-- for them) and return it.  The one lookup of start_session, session_startup,
-- update_identity_activity, archive_identity, bind_identity and the sessions
-- guard trigger.  p_action set: an identity that is not active cannot do it
-- (55000 "identity ... is archived and cannot <p_action>").  An unknown
-- identity is P0002 with p_unknown_hint; with p_unknown_hint NULL the row
-- comes back empty (all NULL) instead: the sessions trigger leaves that to
-- the foreign key (23503).
CREATE OR REPLACE FUNCTION claude._lock_identity(p_identity_id uuid, p_action text,
    p_unknown_hint text DEFAULT 'Register it first with claude.register_identity(...), or list them with claude.get_active_identities().')
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
        IF p_unknown_hint IS NULL THEN
            RETURN v_identity;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('identity %s does not exist', coalesce(p_identity_id::text, 'NULL')),
            HINT = p_unknown_hint;
    END IF;
    IF p_action IS NOT NULL AND v_identity.status <> 'active' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('identity %L (%s) is %s and cannot %s', v_identity.identity_name, p_identity_id,
                             v_identity.status, p_action),
            HINT = 'Register a new identity, or use an active one.';
    END IF;
    RETURN v_identity;
END;
$$;
COMMENT ON FUNCTION claude._lock_identity(uuid, text, text) IS 'Private: lock an identity row and return it; P0002 if unknown (with p_unknown_hint; an empty row when it is NULL), 55000 if not active when p_action is given (it completes "cannot ...").';
REVOKE ALL ON FUNCTION claude._lock_identity(uuid, text, text) FROM PUBLIC;
