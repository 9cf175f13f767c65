-- Private helper of get_recent_activity (a SQL function, because its
-- parameter "limit" is a reserved word that plpgsql_check flags in PL/pgSQL).
CREATE OR REPLACE FUNCTION claude._check_recent_activity_args(p_severity text, p_limit integer, p_source_type text)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    IF p_severity IS NOT NULL THEN
        PERFORM claude._check_one_of('severity', p_severity, claude._activity_severities());
    END IF;
    IF p_source_type IS NOT NULL THEN
        PERFORM claude._check_one_of('source_type', p_source_type, claude._activity_source_types());
    END IF;
    IF coalesce(p_limit, 50) NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('limit %s is out of range 1..1000', p_limit),
            HINT = 'Pass "limit" => a number from 1 to 1000 (default 50).';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._check_recent_activity_args(text, integer, text) IS 'Private: validate the filters of get_recent_activity (22023).';
REVOKE ALL ON FUNCTION claude._check_recent_activity_args(text, integer, text) FROM PUBLIC;
