-- The one-argument reschedule_reminder is gone from the sources; rolling back
-- drops the new signature (the next migrate re-creates it).
DROP FUNCTION IF EXISTS claude.reschedule_reminder(uuid, boolean);
