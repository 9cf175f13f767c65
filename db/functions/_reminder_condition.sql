-- Private helper for the condition sandbox (_run_condition runs as
-- claude_condition, which cannot read claude.reminders): a reminder's check
-- type and condition, read with the owner's privileges.  A condition may call
-- it too; it learns nothing the pending_reminders view does not show.
CREATE OR REPLACE FUNCTION claude._reminder_condition(p_reminder_id uuid,
                                                      OUT check_type text, OUT check_condition text)
LANGUAGE plpgsql
STABLE
-- Its owner's rights are the point of it (see above).
SECURITY DEFINER
AS $$
DECLARE
    v claude.reminders;
BEGIN
    v := claude._reminder_row(p_reminder_id);
    check_type := v.check_type::text;
    check_condition := v.check_condition;
END;
$$;
COMMENT ON FUNCTION claude._reminder_condition(uuid) IS 'Private: a reminder''s check_type and check_condition (for _run_condition, which runs as claude_condition); P0002 unknown id.';
REVOKE ALL ON FUNCTION claude._reminder_condition(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude._reminder_condition(uuid) TO claude_condition;
