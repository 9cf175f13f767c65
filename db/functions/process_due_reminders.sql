-- Every due reminder through process_reminder, each on its own.  A statement
-- timeout cannot be re-armed inside one statement, so after a condition timed
-- out (charged to that reminder) the rest are left for the next call rather
-- than run without a time bound.  The doors instead call process_reminder
-- once per reminder, each under its own timeout.
CREATE OR REPLACE FUNCTION claude.process_due_reminders(project_name text DEFAULT NULL)
RETURNS SETOF claude.reminder_outcome
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
    v_id uuid;
    o claude.reminder_outcome;
BEGIN
    FOR v_id IN SELECT r.reminder_id FROM claude.get_due_reminders(project_name => process_due_reminders.project_name) r LOOP
        o := claude.process_reminder(reminder_id => v_id);
        RETURN NEXT o;
        EXIT WHEN o.outcome = 'timed_out';
    END LOOP;
END;
$$;
COMMENT ON FUNCTION claude.process_due_reminders(text) IS
'Act on every due reminder (of project_name and of no project; NULL: all) through process_reminder and return one
row per reminder with its outcome (done, rescheduled, expired, needs_client, error, timed_out, skipped). A failing
condition is charged to its own reminder and the batch goes on; after a timeout (the statement_timeout is spent) the
remaining reminders are left for the next call. Errors: P0002 unknown project.';
REVOKE ALL ON FUNCTION claude.process_due_reminders(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.process_due_reminders(text) TO claude_agent;
