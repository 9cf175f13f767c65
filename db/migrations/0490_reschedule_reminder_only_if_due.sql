-- depends: 0001_schema
-- reschedule_reminder gains only_if_due (db/functions/reschedule_reminder.sql
-- creates the new signature when migrate re-applies the sources); drop the old one.
DROP FUNCTION IF EXISTS claude.reschedule_reminder(uuid);
