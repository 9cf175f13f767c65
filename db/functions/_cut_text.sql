-- Private helper: a machine-written text (a job's output or error) longer than
-- p_limit characters is cut, not refused: its beginning plus a marker saying
-- how much was left out, p_limit characters in all.
CREATE OR REPLACE FUNCTION claude._cut_text(p_value text, p_limit integer DEFAULT 65536)
RETURNS text
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN p_value IS NULL OR octet_length(p_value) <= p_limit OR length(p_value) <= p_limit
                THEN p_value
                ELSE left(p_value, p_limit - 64)
                     || format(E'\n[cut by claude-gateway: %s more characters]', length(p_value) - (p_limit - 64))
           END
$$;
COMMENT ON FUNCTION claude._cut_text(text, integer) IS 'Private: p_value, or when longer than p_limit characters its beginning plus a marker "[cut by claude-gateway: N more characters]", p_limit characters at most.';
REVOKE ALL ON FUNCTION claude._cut_text(text, integer) FROM PUBLIC;
