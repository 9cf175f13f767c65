-- Private helper: the creation-time check of a sql_query condition.
-- Conservative by design: the condition must start with SELECT, VALUES, WITH
-- or TABLE (optionally after opening parentheses) and may contain no
-- semicolon except one at the very end (which is dropped).  A semicolon
-- inside a string literal is rejected too: write chr(59) instead.  At check
-- time the condition is wrapped as a subquery, so anything that is not one
-- query (several statements, a data-modifying statement or CTE) cannot run.
CREATE OR REPLACE FUNCTION claude._reminder_sql_check(p_condition text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
AS $$
DECLARE
    v_sql text := regexp_replace(btrim(coalesce(p_condition, '')), '\s*;\s*$', '');
BEGIN
    IF v_sql = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a sql_query reminder needs a check_condition',
            HINT = 'Pass a query returning one boolean, e.g. SELECT count(*) = 0 FROM my_table.';
    END IF;
    IF strpos(v_sql, ';') > 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('check_condition %L is not a single statement', p_condition),
            HINT = 'Use one query without semicolons (write chr(59) for a semicolon inside a literal).';
    END IF;
    IF v_sql !~* '^\(*\s*(select|values|with|table)\M' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('check_condition %L is not a query', p_condition),
            HINT = 'A sql_query condition starts with SELECT (or VALUES, WITH, TABLE) and returns one boolean.';
    END IF;
    RETURN v_sql;
END;
$$;
COMMENT ON FUNCTION claude._reminder_sql_check(text) IS 'Private: validate a sql_query condition (one SELECT-like statement, no semicolon but a trailing one) and return it without the trailing semicolon; 22023 otherwise.';
REVOKE ALL ON FUNCTION claude._reminder_sql_check(text) FROM PUBLIC;
