-- SECURITY INVOKER on purpose (CONTRACT 6): a stored condition runs with the
-- privileges of whoever checks it, never the owner's, so a reminder cannot be
-- used to read what its checker cannot.  The type and condition come from the
-- SECURITY DEFINER helper _reminder_condition (agents cannot read the table).
--
-- The condition runs inside a BEGIN ... EXCEPTION block that always ends by
-- raising a private exception (SQLSTATE CGWRB) after the result is captured,
-- so the subtransaction -- and every side effect of the condition -- is
-- rolled back.  Inside it the transaction is also made read-only and, unless
-- the caller set one, lock_timeout is 5s; both settings are undone with the
-- subtransaction.  statement_timeout cannot be changed for a running
-- statement from inside a function, so callers set it (the project's Python,
-- CLI and startup do).
CREATE OR REPLACE FUNCTION claude.check_reminder(reminder_id uuid)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = pg_catalog, claude, public, pg_temp
AS $$
DECLARE
    v_type text;
    v_condition text;
    v_rel regclass;
    v_rows json[];
    v_columns integer;
    v_value json;
    v_result boolean;
    v_captured boolean := false;
    v_state text;
    v_message text;
BEGIN
    SELECT c.check_type, c.check_condition INTO v_type, v_condition
      FROM claude._reminder_condition(check_reminder.reminder_id) c;
    IF v_type NOT IN ('sql_query', 'table_empty') THEN
        RETURN NULL;  -- manual and file_exists: only the client can decide
    END IF;

    BEGIN
        -- Running the stored condition is this function's purpose; it is
        -- contained by the invoker's privileges, the subquery wrapper, the
        -- read-only transaction and the rollback, not by quoting.
        PERFORM 'pragma:disable:security_warnings';
        PERFORM set_config('transaction_read_only', 'on', true);
        IF current_setting('lock_timeout') IN ('0', '0ms') THEN
            PERFORM set_config('lock_timeout', '5s', true);
        END IF;
        IF v_type = 'table_empty' THEN
            v_rel := to_regclass(v_condition);
            IF v_rel IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = '42P01',
                    MESSAGE = format('table %s no longer exists', v_condition);
            END IF;
            EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %s)', v_rel) INTO v_result;
        ELSE
            -- A subquery: one SELECT-like query, nothing else, can run here.
            EXECUTE format('SELECT array_agg(to_json(q)) FROM (SELECT * FROM (%s) AS c LIMIT 2) AS q', v_condition)
               INTO v_rows;
            IF v_rows IS NULL OR cardinality(v_rows) <> 1 THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('it returned %s rows instead of one', CASE WHEN v_rows IS NULL THEN '0' ELSE 'several' END);
            END IF;
            SELECT count(*)::integer, min(e.value::text)::json INTO v_columns, v_value
              FROM json_each(v_rows[1]) e;
            IF v_columns <> 1 THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('it returned %s columns instead of one', v_columns);
            END IF;
            IF json_typeof(v_value) IS DISTINCT FROM 'boolean' THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('it returned %s instead of a boolean', v_value);
            END IF;
            v_result := v_value::text::boolean;
        END IF;
        PERFORM 'pragma:enable:security_warnings';
        v_captured := true;
        RAISE EXCEPTION USING ERRCODE = 'CGWRB', MESSAGE = 'roll back the reminder condition';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;

    IF v_captured AND v_state = 'CGWRB' THEN
        RETURN v_result;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('the %s condition of reminder %s failed: %s', v_type, check_reminder.reminder_id, v_message),
        DETAIL = format('SQLSTATE %s; condition: %s', v_state, v_condition),
        HINT = CASE WHEN v_state = '42501'
                    THEN 'The condition reads something you have no privilege to read: it runs with your privileges.'
                    ELSE 'A condition must be one read-only query returning exactly one boolean (true = done); fix it or dismiss the reminder.'
               END;
END;
$$;
COMMENT ON FUNCTION claude.check_reminder(uuid) IS
'Check whether a reminder is done, without changing any reminder: true = done, false = not yet, NULL = only the client can tell.
Parameters:
- reminder_id: the reminder to check (P0002 unknown).
sql_query: runs the condition (one row, one boolean) with YOUR privileges, read-only, with every side effect
rolled back (lock_timeout 5s unless you set one; set statement_timeout yourself). table_empty: true when the
named table has no rows (read with your privileges). manual and file_exists: NULL (file_exists is checked
on the client''s machine). Errors: P0002 unknown reminder; 22023 naming the reminder when the condition fails
(error, no privilege, table gone, not exactly one boolean).';
REVOKE ALL ON FUNCTION claude.check_reminder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.check_reminder(uuid) TO claude_agent;
