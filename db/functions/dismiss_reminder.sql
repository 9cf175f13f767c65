CREATE OR REPLACE FUNCTION claude.dismiss_reminder(reminder_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM claude._finish_reminder(dismiss_reminder.reminder_id, 'dismiss', 'dismissed');
END;
$$;
COMMENT ON FUNCTION claude.dismiss_reminder(uuid) IS
'Dismiss a pending reminder without completing it (sets completed_at).
Parameters:
- reminder_id: the pending reminder to dismiss (P0002 unknown; 55000 finished).
Errors: P0002 unknown reminder; 55000 when it is already done, dismissed or expired.';
REVOKE ALL ON FUNCTION claude.dismiss_reminder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.dismiss_reminder(uuid) TO claude_agent;
