CREATE OR REPLACE FUNCTION claude.get_due_reminders(project_name text DEFAULT NULL)
RETURNS SETOF claude.reminders
LANGUAGE plpgsql
STABLE
-- Planned with the actual arguments on every call, so that the optional
-- project filter folds away or becomes an index condition.
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    PERFORM claude._check_project_name(get_due_reminders.project_name, 'Project names are at most 200 characters.');
    IF get_due_reminders.project_name IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM claude.projects p WHERE p.project_name = get_due_reminders.project_name) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('unknown project %L', get_due_reminders.project_name),
            HINT = 'Pass a registered project name (a session or reminder registers it), or NULL for every project.';
    END IF;
    RETURN QUERY
        SELECT r.*
          FROM claude.reminders r
         WHERE r.status = 'pending'
           AND r.check_after <= now()
           AND (get_due_reminders.project_name IS NULL
                OR r.project_name = get_due_reminders.project_name
                OR r.project_name IS NULL)
         ORDER BY r.check_after, r.created_at, r.reminder_id;
END;
$$;
COMMENT ON FUNCTION claude.get_due_reminders(text) IS
'List the pending reminders that are due (check_after <= now()), oldest due first.
project_name: that project''s reminders plus reminders of no project (which are due everywhere);
NULL (default): every project''s. Errors: P0002 unknown project; 22001 project_name over 200 characters.';
REVOKE ALL ON FUNCTION claude.get_due_reminders(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_due_reminders(text) TO claude_agent;
