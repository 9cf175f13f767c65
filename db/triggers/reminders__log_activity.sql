-- Completed and expired reminders show up in the activity feed
-- (source_type 'alert', source_id the reminder's id).
CREATE OR REPLACE FUNCTION claude.tg_reminders__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.status = 'done' THEN
        PERFORM claude._insert_activity('alert', NEW.reminder_id, NEW.created_by, 'reminder_completed',
                'Reminder done: ' || NEW.title,
                format('Completed after %s reminder(s).', NEW.reminder_count),
                NEW.project_name, 'success');
    ELSIF NEW.status = 'expired' THEN
        PERFORM claude._insert_activity('alert', NEW.reminder_id, NEW.created_by, 'reminder_expired',
                'Reminder expired: ' || NEW.title,
                format('Not done after %s reminder(s); no more reminders.', NEW.reminder_count),
                NEW.project_name, 'warning');
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_reminders__log_activity() IS 'Trigger: log reminder_completed (success) and reminder_expired (warning) activity rows, source_type alert.';
REVOKE ALL ON FUNCTION claude.tg_reminders__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
    AFTER UPDATE OF status ON claude.reminders
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('done', 'expired'))
    EXECUTE FUNCTION claude.tg_reminders__log_activity();
