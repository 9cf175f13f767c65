-- Private helper of the guard triggers: the one refusal of a write that
-- changes what a row has recorded for good (who sent a message, what a
-- question asks, a finished run, an ended session, a released lease, ...) or
-- moves its state back: 55000 with the caller's message, which names the row
-- and the offending value, and the caller's hint.  Called only on the failing
-- path, so a write that keeps the rules pays nothing for it.  VOLATILE: it
-- always raises, and the planner evaluates an IMMUTABLE call with constant
-- arguments while planning, whether or not a row ever reaches it.
CREATE OR REPLACE FUNCTION claude._refuse_change(p_message text, p_hint text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = p_message, HINT = p_hint;
END;
$$;
COMMENT ON FUNCTION claude._refuse_change(text, text) IS 'Private: raise 55000 with p_message (naming the row and value) and p_hint: a write that would change what a row records for good, or move its state back.';
REVOKE ALL ON FUNCTION claude._refuse_change(text, text) FROM PUBLIC;
