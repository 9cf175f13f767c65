-- Private helper: an ended session acts no more.  The one 55000 "session ...
-- ended at ... and cannot ..." of the functions and triggers that check a
-- session they already read (p_session_end NULL: active, nothing to do).
CREATE OR REPLACE FUNCTION claude._refuse_ended_session(p_session_id uuid, p_session_end timestamptz,
                                                        p_cannot text, p_hint text,
                                                        p_label text DEFAULT 'session')
RETURNS void
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    IF p_session_end IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('%s %s ended at %s and cannot %s', p_label, p_session_id, p_session_end, p_cannot),
            HINT = p_hint;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._refuse_ended_session(uuid, timestamptz, text, text, text) IS 'Private: raise 55000 "<p_label> <id> ended at <time> and cannot <p_cannot>" with p_hint when p_session_end is set.';
REVOKE ALL ON FUNCTION claude._refuse_ended_session(uuid, timestamptz, text, text, text) FROM PUBLIC;
