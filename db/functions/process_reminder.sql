-- One due reminder checked and acted on, on its own: a failing or timed-out
-- condition is charged to this reminder only (recorded on it and counted as an
-- attempt, so a poisoned condition expires after max_reminders), and the
-- statement goes on.  The doors call it once per reminder, each call under its
-- own statement timeout; process_due_reminders loops over it.
CREATE OR REPLACE FUNCTION claude.process_reminder(reminder_id uuid)
RETURNS claude.reminder_outcome
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
    r claude.reminders;
    o claude.reminder_outcome;
    v record;
BEGIN
    r := claude._reminder_row(process_reminder.reminder_id);
    o := ROW(r.reminder_id, r.title, r.check_type, NULL, r.reminder_count, r.max_reminders,
             r.check_condition, r.description, r.project_name, NULL)::claude.reminder_outcome;
    IF r.status <> 'pending' OR r.check_after > now() THEN
        o.outcome := 'skipped';
        o.error := CASE WHEN r.status <> 'pending' THEN format('it is %s', r.status)
                        ELSE format('it is not due until %s', r.check_after) END;
        RETURN o;
    END IF;

    SELECT * INTO v FROM claude._run_condition(r.reminder_id);
    IF v.failed_sqlstate IS NULL AND v.done IS NULL THEN
        o.outcome := 'needs_client';  -- manual, file_exists
        RETURN o;
    END IF;
    BEGIN
        IF v.done THEN
            PERFORM claude.complete_reminder(reminder_id => r.reminder_id);
            o.outcome := 'done';
        ELSE
            -- Not done, or the check failed: either way one attempt is spent.
            PERFORM claude.reschedule_reminder(reminder_id => r.reminder_id, only_if_due => true);
            o.reminder_count := r.reminder_count + 1;
            IF v.failed_sqlstate IS NOT NULL THEN
                o.outcome := CASE WHEN v.failed_sqlstate = '57014' THEN 'timed_out' ELSE 'error' END;
                o.error := format('the condition of reminder %s failed: %s (SQLSTATE %s)',
                                  r.reminder_id, v.problem, v.failed_sqlstate);
            ELSE
                o.outcome := CASE WHEN o.reminder_count >= r.max_reminders THEN 'expired' ELSE 'rescheduled' END;
            END IF;
        END IF;
    EXCEPTION WHEN SQLSTATE '55000' OR SQLSTATE 'P0002' THEN
        -- Another caller finished or rescheduled it meanwhile.
        o.outcome := 'skipped';
        o.error := 'another caller changed it meanwhile';
        o.reminder_count := r.reminder_count;
        RETURN o;
    END;
    UPDATE claude.reminders x
       SET last_checked_at = now(),
           last_check_error = CASE WHEN v.failed_sqlstate IS NULL THEN NULL
                                   ELSE left(format('%s (SQLSTATE %s)', v.problem, v.failed_sqlstate), 500) END
     WHERE x.reminder_id = r.reminder_id;
    RETURN o;
END;
$$;
COMMENT ON FUNCTION claude.process_reminder(uuid) IS
'Check one due reminder and act on it: done -> complete_reminder (outcome done); not done -> reschedule_reminder
(outcome rescheduled, or expired at max_reminders); the condition failed -> outcome error (timed_out for a statement
timeout): the failure is recorded on the reminder (last_check_error, last_checked_at) and counts as an attempt, so a
condition that keeps failing expires; manual and file_exists -> outcome needs_client (the client checks, then calls
complete_reminder or reschedule_reminder); not pending, not due, or changed concurrently by another caller -> outcome
skipped. Conditions run as in check_reminder (as claude_condition); call it under a statement_timeout, one reminder
per statement (the doors do). reminder_count is the count after the action. Errors: P0002 unknown reminder.';
REVOKE ALL ON FUNCTION claude.process_reminder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.process_reminder(uuid) TO claude_agent;
