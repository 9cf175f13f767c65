CREATE OR REPLACE FUNCTION claude.reschedule_reminder(reminder_id uuid, only_if_due boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    v claude.reminders;
BEGIN
    IF reschedule_reminder.only_if_due IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'only_if_due must be true or false, not NULL',
            HINT = 'Pass true to reschedule only a due reminder, false (the default) to reschedule it anyway.';
    END IF;
    v := claude._lock_pending_reminder(reschedule_reminder.reminder_id, 'reschedule');
    -- Checked under the row lock: two processors holding the same due list
    -- must not both count an attempt (a reminder would expire early).
    IF reschedule_reminder.only_if_due AND v.check_after > now() THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('reminder %s is not due until %s', reschedule_reminder.reminder_id, v.check_after),
            HINT = 'Another caller probably rescheduled it since you listed it: call get_due_reminders again.';
    END IF;
    IF v.reminder_count + 1 >= v.max_reminders THEN
        UPDATE claude.reminders r
           SET reminder_count = v.reminder_count + 1, status = 'expired'
         WHERE r.reminder_id = reschedule_reminder.reminder_id;
        RETURN 'expired';
    ELSE
        UPDATE claude.reminders r
           SET reminder_count = v.reminder_count + 1,
               check_after = now() + make_interval(days => v.reschedule_days)
         WHERE r.reminder_id = reschedule_reminder.reminder_id;
        RETURN 'rescheduled';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude.reschedule_reminder(uuid, boolean) IS
'Record that a pending reminder is not done yet and return what became of it: rescheduled (reminder_count + 1 and
check_after = now() + reschedule_days), or expired when reminder_count reaches max_reminders (check_after
unchanged; logs a reminder_expired activity). With only_if_due true it reschedules only a reminder that is still
due (check_after <= now()), checked under its row lock, so that callers acting on the same get_due_reminders list
count one attempt, not one each (process_due_reminders passes true).

Parameters:
- reminder_id: the pending reminder that is not done yet (P0002 unknown; 55000 finished).
- only_if_due: reschedule only when it is due now (default false); otherwise 55000.

Errors: P0002 unknown reminder; 22023 only_if_due NULL; 55000 when it is already done, dismissed or expired, or (only_if_due) not due.';
REVOKE ALL ON FUNCTION claude.reschedule_reminder(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.reschedule_reminder(uuid, boolean) TO claude_agent;
