-- SECURITY INVOKER: conditions run through check_reminder with the caller's
-- privileges; the state changes go through the (SECURITY DEFINER) tools.
CREATE OR REPLACE FUNCTION claude.process_due_reminders(project_name text DEFAULT NULL)
RETURNS TABLE (
    reminder_id uuid,
    title text,
    check_type text,
    outcome text,
    reminder_count integer,
    max_reminders integer,
    check_condition text,
    description text,
    reminder_project_name text,
    error text
)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    r claude.reminders;
    v_done boolean;
BEGIN
    FOR r IN SELECT * FROM claude.get_due_reminders(project_name => process_due_reminders.project_name) LOOP
        reminder_id := r.reminder_id;
        title := r.title;
        check_type := r.check_type;
        reminder_count := r.reminder_count;
        max_reminders := r.max_reminders;
        check_condition := r.check_condition;
        description := r.description;
        reminder_project_name := r.project_name;
        error := NULL;
        BEGIN
            v_done := claude.check_reminder(reminder_id => r.reminder_id);
            IF v_done IS NULL THEN
                outcome := 'needs_client';
            ELSIF v_done THEN
                PERFORM claude.complete_reminder(reminder_id => r.reminder_id);
                outcome := 'done';
            ELSE
                PERFORM claude.reschedule_reminder(reminder_id => r.reminder_id, only_if_due => true);
                reminder_count := r.reminder_count + 1;
                outcome := CASE WHEN reminder_count >= r.max_reminders THEN 'expired' ELSE 'rescheduled' END;
            END IF;
        EXCEPTION
            WHEN SQLSTATE '22023' THEN
                outcome := 'error';
                error := SQLERRM;
            WHEN SQLSTATE '55000' OR SQLSTATE 'P0002' THEN
                -- another caller finished or removed it meanwhile
                outcome := 'skipped';
                error := SQLERRM;
        END;
        RETURN NEXT;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION claude.process_due_reminders(text) IS
'Act on every due reminder (of project_name and of no project; NULL: all) and return one row per reminder with its outcome.
Automatic checks run as in check_reminder, with your privileges: done -> complete_reminder (outcome done);
not done -> reschedule_reminder (outcome rescheduled, or expired at max_reminders); manual and file_exists
-> outcome needs_client (the client asks the user or checks the file, then calls complete_reminder or
reschedule_reminder); a failing condition -> outcome error with the message (the reminder is left as it was,
the batch goes on); changed concurrently by another caller -> outcome skipped.
reminder_count is the count after the action. Errors: P0002 unknown project.';
REVOKE ALL ON FUNCTION claude.process_due_reminders(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.process_due_reminders(text) TO claude_agent;
