-- Mission Control Web: every reminder in every state (pending, done,
-- dismissed, expired), with what its last automatic check said.
CREATE OR REPLACE VIEW claude.reminder_history AS
SELECT r.reminder_id, r.title, r.description, r.status, r.check_type, r.check_condition,
       r.check_after, r.status = 'pending' AND r.check_after <= now() AS is_due,
       r.reminder_count, r.max_reminders, r.reschedule_days,
       r.last_checked_at, r.last_check_error, r.completed_at,
       r.project_name, r.created_by, r.created_at
  FROM claude.reminders r;
COMMENT ON VIEW claude.reminder_history IS 'Every reminder in every state, for Mission Control Web (pending_reminders shows the pending ones only).';
COMMENT ON COLUMN claude.reminder_history.reminder_id IS 'Primary key';
COMMENT ON COLUMN claude.reminder_history.title IS 'Title';
COMMENT ON COLUMN claude.reminder_history.description IS 'Details';
COMMENT ON COLUMN claude.reminder_history.status IS 'One of claude._reminder_statuses()';
COMMENT ON COLUMN claude.reminder_history.check_type IS 'One of claude._reminder_check_types()';
COMMENT ON COLUMN claude.reminder_history.check_condition IS 'The query, file path or table name it checks';
COMMENT ON COLUMN claude.reminder_history.check_after IS 'Not checked before this time';
COMMENT ON COLUMN claude.reminder_history.is_due IS 'Pending and check_after has passed';
COMMENT ON COLUMN claude.reminder_history.reminder_count IS 'Attempts so far';
COMMENT ON COLUMN claude.reminder_history.max_reminders IS 'Attempts before it expires';
COMMENT ON COLUMN claude.reminder_history.reschedule_days IS 'Days between attempts';
COMMENT ON COLUMN claude.reminder_history.last_checked_at IS 'When an automatic check last ran';
COMMENT ON COLUMN claude.reminder_history.last_check_error IS 'Why the last automatic check failed (NULL when it succeeded)';
COMMENT ON COLUMN claude.reminder_history.completed_at IS 'When it was done or dismissed';
COMMENT ON COLUMN claude.reminder_history.project_name IS 'Project, if any';
COMMENT ON COLUMN claude.reminder_history.created_by IS 'Who created it';
COMMENT ON COLUMN claude.reminder_history.created_at IS 'When it was created';
