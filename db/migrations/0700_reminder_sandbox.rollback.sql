-- CASCADE drops process_reminder, process_due_reminders and the reminder views
-- that show the new columns; the next migrate re-creates them from the sources.
DROP TYPE IF EXISTS claude.reminder_outcome CASCADE;
ALTER TABLE claude.reminders
    DROP COLUMN IF EXISTS last_check_error CASCADE,
    DROP COLUMN IF EXISTS last_checked_at CASCADE;
