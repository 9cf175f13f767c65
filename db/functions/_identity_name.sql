-- Private helper: the name of an identity, NULL when there is none.  The one
-- lookup of the activity triggers and functions that name an actor (leases,
-- sessions, questions, receipts, _auto_end_session, session_context, ...).
-- PL/pgSQL, not SQL: its plan is cached for the session (a SQL function with
-- a SET clause is never inlined and plans its query on every call).
CREATE OR REPLACE FUNCTION claude._identity_name(p_identity_id uuid)
RETURNS varchar
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_name claude.identities.identity_name%TYPE;
BEGIN
    SELECT i.identity_name INTO v_name FROM claude.identities i WHERE i.identity_id = p_identity_id;
    RETURN v_name;
END;
$$;
COMMENT ON FUNCTION claude._identity_name(uuid) IS 'Private: the identity_name of an identity, NULL when it does not exist.';
REVOKE ALL ON FUNCTION claude._identity_name(uuid) FROM PUBLIC;
