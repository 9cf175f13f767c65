-- Terminal states (done, dismissed, expired) never change again, whoever
-- writes the row (the API functions or the owner directly).  Only pending
-- moves, and only forward.  Time columns (check_after, completed_at, ...)
-- stay writable by the owner for maintenance and tests, as long as the
-- status, the attempt count and the check stay as they are.
CREATE OR REPLACE FUNCTION claude.tg_reminders__guard_status()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF OLD.status IN ('done', 'dismissed', 'expired')
       AND (NEW.status IS DISTINCT FROM OLD.status
            OR NEW.reminder_count IS DISTINCT FROM OLD.reminder_count
            OR NEW.max_reminders IS DISTINCT FROM OLD.max_reminders
            OR NEW.check_type IS DISTINCT FROM OLD.check_type
            OR NEW.check_condition IS DISTINCT FROM OLD.check_condition) THEN
        PERFORM claude._refuse_change(format('reminder %s is %s and can no longer change', OLD.reminder_id, OLD.status),
            'A finished reminder (done, dismissed, expired) is final: create a new reminder instead.');
    END IF;
    IF NEW.reminder_count < OLD.reminder_count THEN
        PERFORM claude._refuse_change(format('reminder %s: reminder_count cannot go back from %s to %s',
                                             OLD.reminder_id, OLD.reminder_count, NEW.reminder_count),
            'The attempt count only grows (reschedule_reminder).');
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_reminders__guard_status() IS 'Trigger: a done, dismissed or expired reminder never changes status, count or check again (55000); the count never decreases.';
REVOKE ALL ON FUNCTION claude.tg_reminders__guard_status() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard_status
    BEFORE UPDATE ON claude.reminders
    FOR EACH ROW EXECUTE FUNCTION claude.tg_reminders__guard_status();
