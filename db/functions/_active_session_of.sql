-- Private helper: the active session of an identity (at most one: the partial
-- unique index sessions_identity_id_active_idx), NULL when it has none.
-- PL/pgSQL, not SQL: its plan is cached for the session (a SQL function with
-- a SET clause is never inlined and plans its query on every call).
CREATE OR REPLACE FUNCTION claude._active_session_of(p_identity_id uuid)
RETURNS uuid
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_id uuid;
BEGIN
    SELECT s.session_id INTO v_id
      FROM claude.sessions s
     WHERE s.identity_id = p_identity_id AND s.session_end IS NULL;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude._active_session_of(uuid) IS 'Private: the session_id of the active session of an identity, NULL when it has none.';
REVOKE ALL ON FUNCTION claude._active_session_of(uuid) FROM PUBLIC;
