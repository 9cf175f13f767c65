-- Private helper: resolve a table_empty condition to a relation, safely.
-- The text is parsed with parse_ident (never spliced into SQL); a name that
-- is not a plain [schema.]table identifier is 22023.  An unqualified name is
-- looked up in schema claude, then public.
CREATE OR REPLACE FUNCTION claude._reminder_table(p_name text)
RETURNS regclass
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_parts text[];
    v_rel regclass;
BEGIN
    BEGIN
        v_parts := parse_ident(btrim(coalesce(p_name, '')));
    EXCEPTION WHEN OTHERS THEN
        v_parts := NULL;
    END;
    IF v_parts IS NULL OR cardinality(v_parts) NOT IN (1, 2) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('%L is not a table name', p_name),
            HINT = 'A table_empty condition is a table name, optionally schema-qualified: my_table or my_schema."My Table".';
    END IF;
    IF cardinality(v_parts) = 2 THEN
        v_rel := to_regclass(quote_ident(v_parts[1]) || '.' || quote_ident(v_parts[2]));
    ELSE
        v_rel := coalesce(to_regclass('claude.' || quote_ident(v_parts[1])),
                          to_regclass('public.' || quote_ident(v_parts[1])));
    END IF;
    IF v_rel IS NULL
       OR NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = v_rel AND c.relkind IN ('r', 'p', 'v', 'm', 'f')) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('table %L does not exist', p_name),
            HINT = 'Name an existing table (unqualified names are looked up in schema claude, then public).';
    END IF;
    RETURN v_rel;
END;
$$;
COMMENT ON FUNCTION claude._reminder_table(text) IS 'Private: resolve a table_empty condition (a [schema.]table name, parsed with parse_ident, unqualified names in claude then public) to a regclass; 22023 when it is not a name or not an existing table.';
REVOKE ALL ON FUNCTION claude._reminder_table(text) FROM PUBLIC;
