-- Private helper: the HINT for a failed reminder condition, by SQLSTATE.
CREATE OR REPLACE FUNCTION claude._condition_failure_hint(p_sqlstate text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT CASE p_sqlstate
        WHEN '42501' THEN 'Conditions run as the role claude_condition, which may read the claude views; an admin can GRANT SELECT ON a table TO claude_condition.'
        WHEN '57014' THEN 'The condition took longer than the statement timeout: make it cheaper, or dismiss the reminder.'
        WHEN '42P01' THEN 'The condition names a table that does not exist (or claude_condition cannot see it).'
        ELSE 'A condition must be one read-only query returning exactly one boolean (true = done); fix it or dismiss the reminder.'
    END
$$;
COMMENT ON FUNCTION claude._condition_failure_hint(text) IS 'Private: the HINT for a reminder condition that failed with this SQLSTATE.';
REVOKE ALL ON FUNCTION claude._condition_failure_hint(text) FROM PUBLIC;
