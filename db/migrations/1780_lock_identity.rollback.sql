-- The older source re-creates claude._lock_active_identity(uuid, text).
DROP FUNCTION IF EXISTS claude._lock_identity(uuid, text, text);
