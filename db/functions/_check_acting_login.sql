-- Private helper of the triggers that record who acted (docs/RULES.md,
-- "Identity from the connection"): a *_login column holds the acting login,
-- session_user, and is filled by the database (the column default), never
-- taken from an argument; any other value is 23514.
CREATE OR REPLACE FUNCTION claude._check_acting_login(p_column text, p_login text, p_acting text,
                                                      p_hint text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    IF p_login IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = format('%s %L is not the %s login %I', p_column, p_login, p_acting, session_user),
            HINT = coalesce(p_hint, format('Leave %s out: the database fills it with session_user.', p_column));
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_acting_login(text, text, text, text) IS 'Private: raise 23514 when a recorded login (column p_column, value p_login) is not session_user; p_acting words the login (sending, asking, ...), p_hint replaces the default hint.';
REVOKE ALL ON FUNCTION claude._check_acting_login(text, text, text, text) FROM PUBLIC;
