-- depends: 1470_idempotency_scopes
-- claude._project_id_of takes the caller's hint (one "project does not exist"
-- error for every function): the one-argument version goes, migrate re-creates
-- the helper from its file.
DROP FUNCTION IF EXISTS claude._project_id_of(text);
