-- Private helper: a reminder's row, P0002 when the id is unknown (the one
-- "unknown reminder" error; _lock_pending_reminder reads it FOR UPDATE).
CREATE OR REPLACE FUNCTION claude._reminder_row(p_reminder_id uuid, p_for_update boolean DEFAULT false)
RETURNS claude.reminders
LANGUAGE plpgsql
AS $$
DECLARE
    v claude.reminders;
BEGIN
    IF p_for_update THEN
        SELECT * INTO v FROM claude.reminders r WHERE r.reminder_id = p_reminder_id FOR UPDATE;
    ELSE
        SELECT * INTO v FROM claude.reminders r WHERE r.reminder_id = p_reminder_id;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('unknown reminder %s', p_reminder_id),
            HINT = 'Pass a reminder_id returned by create_reminder or get_due_reminders.';
    END IF;
    RETURN v;
END;
$$;
COMMENT ON FUNCTION claude._reminder_row(uuid, boolean) IS 'Private: a reminder''s row (locked FOR UPDATE when p_for_update); P0002 unknown id.';
REVOKE ALL ON FUNCTION claude._reminder_row(uuid, boolean) FROM PUBLIC;
