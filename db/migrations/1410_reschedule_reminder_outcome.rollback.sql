-- The older sources create the void reschedule_reminder again; a return type
-- cannot be changed by CREATE OR REPLACE, so drop this one.
DROP FUNCTION IF EXISTS claude.reschedule_reminder(uuid, boolean);
