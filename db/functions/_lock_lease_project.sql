-- Private helper: take the project's lease lock until the end of the
-- transaction (an upsert of its file_lease_projects row).  Acquisitions of a
-- project queue here, so each conflict check sees every lease committed
-- before it; under REPEATABLE READ or SERIALIZABLE a concurrent acquisition
-- makes this fail with 40001 (retry the transaction) instead of deciding on a
-- stale snapshot.
CREATE OR REPLACE FUNCTION claude._lock_lease_project(p_project_name text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO claude.file_lease_projects AS p (project_name, generation, changed_at)
    VALUES (p_project_name, 1, now())
    ON CONFLICT (project_name) DO UPDATE
       SET generation = p.generation + 1,
           changed_at = now();
END;
$$;
COMMENT ON FUNCTION claude._lock_lease_project(text) IS 'Private: lock a project''s leases until commit (upsert of its file_lease_projects row), so lease conflicts of one project are decided one at a time.';
REVOKE ALL ON FUNCTION claude._lock_lease_project(text) FROM PUBLIC;
