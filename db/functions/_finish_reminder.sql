-- Private helper: the one way a pending reminder ends by hand (complete_reminder:
-- done, dismiss_reminder: dismissed): lock it, check it is pending, set its
-- final status and completed_at.
CREATE OR REPLACE FUNCTION claude._finish_reminder(p_reminder_id uuid, p_action text, p_status text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM claude._lock_pending_reminder(p_reminder_id, p_action);
    UPDATE claude.reminders r
       SET status = p_status, completed_at = now()
     WHERE r.reminder_id = p_reminder_id;
END;
$$;
COMMENT ON FUNCTION claude._finish_reminder(uuid, text, text) IS 'Private: end a pending reminder with p_status (done or dismissed) and completed_at now; P0002 unknown id, 55000 when it is not pending (p_action names the call).';
REVOKE ALL ON FUNCTION claude._finish_reminder(uuid, text, text) FROM PUBLIC;
