-- Private helper: lock a reminder for a state change and check it is pending.
-- FOR UPDATE serialises concurrent complete/reschedule/dismiss calls: the
-- second caller waits, then sees the first one's result.
CREATE OR REPLACE FUNCTION claude._lock_pending_reminder(p_reminder_id uuid, p_action text)
RETURNS claude.reminders
LANGUAGE plpgsql
AS $$
DECLARE
    v claude.reminders;
BEGIN
    v := claude._reminder_row(p_reminder_id, p_for_update => true);
    IF v.status <> 'pending' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('cannot %s reminder %s: it is already %s', p_action, p_reminder_id, v.status),
            HINT = 'done, dismissed and expired reminders are final; create a new reminder to follow up again.';
    END IF;
    RETURN v;
END;
$$;
COMMENT ON FUNCTION claude._lock_pending_reminder(uuid, text) IS 'Private: lock a reminder FOR UPDATE and return it; P0002 unknown id, 55000 when it is not pending.';
REVOKE ALL ON FUNCTION claude._lock_pending_reminder(uuid, text) FROM PUBLIC;
