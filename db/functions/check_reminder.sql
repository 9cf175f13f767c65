-- The condition itself runs in the sandbox (_run_condition, as the role
-- claude_condition, read-only and rolled back); this function only turns its
-- outcome into the API's answer.  A failure names the reminder and the
-- SQLSTATE, never the condition's own error text (it can carry what it read).
-- A statement timeout is the caller's: the doors set one (a condition cannot
-- be bounded from inside the statement that runs it).
CREATE OR REPLACE FUNCTION claude.check_reminder(reminder_id uuid)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
    v record;
BEGIN
    SELECT * INTO v FROM claude._run_condition(check_reminder.reminder_id);
    IF v.failed_sqlstate IS NULL THEN
        RETURN v.done;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('the condition of reminder %s failed: %s (SQLSTATE %s)',
                         check_reminder.reminder_id, v.problem, v.failed_sqlstate),
        HINT = claude._condition_failure_hint(v.failed_sqlstate);
END;
$$;
COMMENT ON FUNCTION claude.check_reminder(uuid) IS
'Check whether a reminder is done, without changing any reminder: true = done, false = not yet, NULL = only the client can tell.
Parameters:
- reminder_id: the reminder to check (P0002 unknown).
sql_query: runs the condition (one row, one boolean) as the role claude_condition, whoever calls (it may read the
claude views and what an admin grants it), read-only, with every side effect rolled back (lock_timeout 5s unless you
set one). table_empty: true when the named table has no rows (read as claude_condition: an admin grants it SELECT on
that table). manual and file_exists: NULL (file_exists is checked on the client''s machine). Run it under a
statement_timeout (the doors do). Errors: P0002 unknown reminder; 22023 naming the reminder and the SQLSTATE when the
condition fails (error, no privilege, table gone, timeout, not exactly one boolean); the condition''s own error text is
never shown.';
REVOKE ALL ON FUNCTION claude.check_reminder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.check_reminder(uuid) TO claude_agent;
