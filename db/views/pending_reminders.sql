-- Mission Control Web's reminders page: every pending reminder, due or not.
CREATE OR REPLACE VIEW claude.pending_reminders AS
SELECT r.reminder_id,
       r.title,
       r.description,
       r.check_after,
       r.check_type,
       r.check_condition,
       r.reschedule_days,
       r.max_reminders,
       r.reminder_count,
       r.status,
       r.project_name,
       r.created_by,
       r.created_at,
       r.check_after <= now() AS is_due
  FROM claude.reminders r
 WHERE r.status = 'pending'
 ORDER BY r.check_after, r.created_at;
COMMENT ON VIEW claude.pending_reminders IS 'Pending reminders (due or not yet due), soonest first; is_due = check_after <= now().';
COMMENT ON COLUMN claude.pending_reminders.is_due IS 'true when check_after <= now(): get_due_reminders returns it';
COMMENT ON COLUMN claude.pending_reminders.reminder_id IS 'Primary key';
COMMENT ON COLUMN claude.pending_reminders.title IS 'Title';
COMMENT ON COLUMN claude.pending_reminders.description IS 'Details';
COMMENT ON COLUMN claude.pending_reminders.check_after IS 'Not checked before this time';
COMMENT ON COLUMN claude.pending_reminders.check_type IS 'One of claude._reminder_check_types()';
COMMENT ON COLUMN claude.pending_reminders.check_condition IS 'The query, file path or table name it checks';
COMMENT ON COLUMN claude.pending_reminders.reschedule_days IS 'Days between attempts';
COMMENT ON COLUMN claude.pending_reminders.max_reminders IS 'Attempts before it expires';
COMMENT ON COLUMN claude.pending_reminders.reminder_count IS 'Attempts so far';
COMMENT ON COLUMN claude.pending_reminders.status IS 'pending';
COMMENT ON COLUMN claude.pending_reminders.project_name IS 'Project, if any';
COMMENT ON COLUMN claude.pending_reminders.created_by IS 'Who created it';
COMMENT ON COLUMN claude.pending_reminders.created_at IS 'When it was created';
