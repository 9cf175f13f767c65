-- The reminder-condition sandbox.  This function is OWNED BY claude_condition
-- (NOLOGIN, no privileges but SELECT on the claude views and what an admin
-- grants it) and is SECURITY DEFINER, so a condition always runs as
-- claude_condition, whoever checks it: a superuser's check gives the author
-- nothing more.  Inside a SECURITY DEFINER function PostgreSQL refuses SET ROLE
-- and SET SESSION AUTHORIZATION, so the condition cannot climb back to the
-- checker's session user either.
--
-- The condition runs in a subtransaction that always rolls back, with the
-- transaction read-only and a lock_timeout; session-level advisory locks
-- (which no rollback releases) that it took are released afterwards.  Its
-- own error text is never returned (it can carry what it read): only the
-- SQLSTATE, or a description of a wrong result shape written here.  A
-- statement timeout (query_canceled) is caught too, so that the cleanup runs,
-- and reported as SQLSTATE 57014.
--
-- The condition is read here, by reminder id, never taken as an argument: a
-- caller cannot make claude_condition run arbitrary SQL.
CREATE OR REPLACE FUNCTION claude._run_condition(p_reminder_id uuid,
                                                 OUT done boolean, OUT failed_sqlstate text, OUT problem text)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
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
    v_before text[];
    v_lock record;
BEGIN
    SELECT c.check_type, c.check_condition INTO v_type, v_condition
      FROM claude._reminder_condition(p_reminder_id) c;
    IF v_type NOT IN ('sql_query', 'table_empty') THEN
        RETURN;  -- manual and file_exists: only the client can decide (done stays NULL)
    END IF;

    SELECT coalesce(array_agg(concat_ws('/', l.classid, l.objid, l.objsubid, l.mode)), '{}') INTO v_before
      FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid();

    BEGIN
        -- Running the stored condition is this function's purpose; it is
        -- contained by the role, the subquery wrapper, the read-only
        -- transaction and the rollback, not by quoting.
        PERFORM 'pragma:disable:security_warnings';
        PERFORM set_config('transaction_read_only', 'on', true);
        IF current_setting('lock_timeout') IN ('0', '0ms') THEN
            PERFORM set_config('lock_timeout', '5s', true);
        END IF;
        IF v_type = 'table_empty' THEN
            v_rel := to_regclass(v_condition);
            IF v_rel IS NULL THEN
                RAISE EXCEPTION USING ERRCODE = 'CGWSH', MESSAGE = 'its table no longer exists';
            END IF;
            EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %s)', v_rel) INTO v_result;
        ELSE
            -- A subquery: one SELECT-like query, nothing else, can run here.
            EXECUTE format('SELECT array_agg(to_json(q)) FROM (SELECT * FROM (%s) AS c LIMIT 2) AS q', v_condition)
               INTO v_rows;
            IF v_rows IS NULL OR cardinality(v_rows) <> 1 THEN
                RAISE EXCEPTION USING ERRCODE = 'CGWSH',
                    MESSAGE = format('it returned %s rows instead of one', CASE WHEN v_rows IS NULL THEN 'no' ELSE 'several' END);
            END IF;
            SELECT count(*)::integer, min(e.value::text)::json INTO v_columns, v_value
              FROM json_each(v_rows[1]) e;
            IF v_columns <> 1 THEN
                RAISE EXCEPTION USING ERRCODE = 'CGWSH',
                    MESSAGE = format('it returned %s columns instead of one', v_columns);
            END IF;
            IF json_typeof(v_value) IS DISTINCT FROM 'boolean' THEN
                -- The type only: the value is data the condition read.
                RAISE EXCEPTION USING ERRCODE = 'CGWSH',
                    MESSAGE = format('it returned a %s instead of a boolean', coalesce(json_typeof(v_value), 'NULL'));
            END IF;
            v_result := v_value::text::boolean;
        END IF;
        PERFORM 'pragma:enable:security_warnings';
        v_captured := true;
        RAISE EXCEPTION USING ERRCODE = 'CGWRB', MESSAGE = 'roll back the reminder condition';
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT;
    END;

    -- Session-level advisory locks survive any rollback: release those the
    -- condition took (every hold of each), leaving the checker's own.
    FOR v_lock IN
        SELECT DISTINCT l.classid, l.objid, l.objsubid, l.mode
          FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid()
           AND concat_ws('/', l.classid, l.objid, l.objsubid, l.mode) <> ALL (v_before)
    LOOP
        LOOP
            IF v_lock.objsubid = 1 THEN  -- one bigint key
                IF v_lock.mode = 'ShareLock' THEN
                    EXIT WHEN NOT pg_advisory_unlock_shared((v_lock.classid::text::bigint << 32) | v_lock.objid::text::bigint);
                ELSE
                    EXIT WHEN NOT pg_advisory_unlock((v_lock.classid::text::bigint << 32) | v_lock.objid::text::bigint);
                END IF;
            ELSE  -- two int4 keys
                IF v_lock.mode = 'ShareLock' THEN
                    EXIT WHEN NOT pg_advisory_unlock_shared((v_lock.classid::text::bigint - CASE WHEN v_lock.classid::text::bigint >= 2147483648 THEN 4294967296 ELSE 0 END)::integer,
                                                            (v_lock.objid::text::bigint - CASE WHEN v_lock.objid::text::bigint >= 2147483648 THEN 4294967296 ELSE 0 END)::integer);
                ELSE
                    EXIT WHEN NOT pg_advisory_unlock((v_lock.classid::text::bigint - CASE WHEN v_lock.classid::text::bigint >= 2147483648 THEN 4294967296 ELSE 0 END)::integer,
                                                     (v_lock.objid::text::bigint - CASE WHEN v_lock.objid::text::bigint >= 2147483648 THEN 4294967296 ELSE 0 END)::integer);
                END IF;
            END IF;
            EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_locks l
                                   WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid()
                                     AND l.classid = v_lock.classid AND l.objid = v_lock.objid
                                     AND l.objsubid = v_lock.objsubid AND l.mode = v_lock.mode);
        END LOOP;
    END LOOP;

    IF v_captured AND v_state = 'CGWRB' THEN
        done := v_result;
    ELSIF v_state = 'CGWSH' THEN
        failed_sqlstate := '22023';
        problem := v_message;  -- written above, never data
    ELSE
        failed_sqlstate := v_state;
        problem := CASE v_state
            WHEN '57014' THEN 'it was cancelled (statement timeout)'
            WHEN '42501' THEN 'it needs a privilege that claude_condition does not have'
            WHEN '55P03' THEN 'it waited too long for a lock'
            WHEN '25006' THEN 'it tried to write'
            ELSE 'it failed'
        END;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._run_condition(uuid) IS
'Private: run a reminder''s sql_query or table_empty condition as claude_condition (this function''s owner), read-only, rolled back, advisory locks released; done = its result (NULL for manual and file_exists), else failed_sqlstate and problem (never the condition''s own error text). P0002 unknown reminder.';
REVOKE ALL ON FUNCTION claude._run_condition(uuid) FROM PUBLIC;

-- Owned by claude_condition.  A non-superuser owner (a managed server) must
-- be a member of claude_condition, and claude_condition needs CREATE on the
-- schema for the change of owner, which it keeps only for this statement.
DO $$
BEGIN
    IF (SELECT r.rolname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
         WHERE p.oid = 'claude._run_condition(uuid)'::regprocedure) <> 'claude_condition' THEN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
           AND NOT pg_has_role(current_user, 'claude_condition', 'MEMBER') THEN
            EXECUTE format('GRANT claude_condition TO %I', current_user);
        END IF;
        GRANT CREATE ON SCHEMA claude TO claude_condition;
        ALTER FUNCTION claude._run_condition(uuid) OWNER TO claude_condition;
        REVOKE CREATE ON SCHEMA claude FROM claude_condition;
    END IF;
END $$;
-- The API functions that run conditions run as their owner, who calls this.
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION claude._run_condition(uuid) TO %I', current_user);
END $$;
