-- Private helper: who works in a session and on what: the name of its
-- identity and its project, both NULL when there is no such session (or
-- p_session_id is NULL).  The one lookup of the triggers that name the sender
-- or recipient of a message or the session of a job run.  PL/pgSQL, not SQL:
-- its plan is cached for the session.
CREATE OR REPLACE FUNCTION claude._session_names(p_session_id uuid, OUT o_identity_name varchar,
                                                 OUT o_project_name varchar)
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    SELECT i.identity_name, s.project_name INTO o_identity_name, o_project_name
      FROM claude.sessions s JOIN claude.identities i ON i.identity_id = s.identity_id
     WHERE s.session_id = p_session_id;
END;
$$;
COMMENT ON FUNCTION claude._session_names(uuid) IS 'Private: o_identity_name (the name of the session''s identity) and o_project_name of a session, NULL and NULL when it does not exist.';
REVOKE ALL ON FUNCTION claude._session_names(uuid) FROM PUBLIC;
