CREATE OR REPLACE FUNCTION claude.reschedule_reminder(reminder_id uuid)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v claude.reminders;
BEGIN
    v := claude._lock_pending_reminder(reschedule_reminder.reminder_id, 'reschedule');
    IF v.reminder_count + 1 >= v.max_reminders THEN
        UPDATE claude.reminders r
           SET reminder_count = v.reminder_count + 1, status = 'expired'
         WHERE r.reminder_id = reschedule_reminder.reminder_id;
    ELSE
        UPDATE claude.reminders r
           SET reminder_count = v.reminder_count + 1,
               check_after = now() + make_interval(days => v.reschedule_days)
         WHERE r.reminder_id = reschedule_reminder.reminder_id;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude.reschedule_reminder(uuid) IS
'Record that a pending reminder is not done yet: reminder_count + 1 and check_after = now() + reschedule_days;
when reminder_count reaches max_reminders the reminder expires instead (check_after unchanged; logs a
reminder_expired activity). Errors: P0002 unknown reminder; 55000 when it is already done, dismissed or expired.';
REVOKE ALL ON FUNCTION claude.reschedule_reminder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.reschedule_reminder(uuid) TO claude_agent;
