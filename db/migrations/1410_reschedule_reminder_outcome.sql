-- depends: 0490_reschedule_reminder_only_if_due
-- reschedule_reminder returns its outcome (rescheduled or expired) instead of
-- void, so callers stop recomputing it (db/functions/reschedule_reminder.sql
-- creates the new signature when migrate re-applies the sources).
DROP FUNCTION IF EXISTS claude.reschedule_reminder(uuid, boolean);
