-- Private helper for the condition sandbox (_run_condition runs as
-- claude_condition, which cannot read claude.reminders): a reminder's check
-- type and condition, read with the owner's privileges.  A condition may call
-- it too; it learns nothing the pending_reminders view does not show.
CREATE OR REPLACE FUNCTION claude._reminder_condition(p_reminder_id uuid,
                                                      OUT check_type text, OUT check_condition text)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    SELECT r.check_type::text, r.check_condition INTO check_type, check_condition
      FROM claude.reminders r
     WHERE r.reminder_id = p_reminder_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('unknown reminder %s', p_reminder_id),
            HINT = 'Pass a reminder_id returned by create_reminder or get_due_reminders.';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._reminder_condition(uuid) IS 'Private: a reminder''s check_type and check_condition (for _run_condition, which runs as claude_condition); P0002 unknown id.';
REVOKE ALL ON FUNCTION claude._reminder_condition(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude._reminder_condition(uuid) TO claude_condition;
