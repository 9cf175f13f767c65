CREATE OR REPLACE FUNCTION claude.complete_reminder(reminder_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM claude._finish_reminder(complete_reminder.reminder_id, 'complete', 'done');
END;
$$;
COMMENT ON FUNCTION claude.complete_reminder(uuid) IS
'Mark a pending reminder done (sets completed_at; logs a reminder_completed activity).
Parameters:
- reminder_id: the pending reminder that is done (P0002 unknown; 55000 finished).
Errors: P0002 unknown reminder; 55000 when it is already done, dismissed or expired.';
REVOKE ALL ON FUNCTION claude.complete_reminder(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.complete_reminder(uuid) TO claude_agent;
