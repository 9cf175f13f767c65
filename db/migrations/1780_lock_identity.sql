-- depends: 1600_project_id_of_hint
-- claude._lock_active_identity(uuid, text) becomes claude._lock_identity(uuid,
-- text, text): one identity lock and lookup for the functions and the sessions
-- guard trigger (which leaves an unknown identity to the foreign key).  The
-- old helper goes; migrate creates the new one from its file.
DROP FUNCTION IF EXISTS claude._lock_active_identity(uuid, text);
