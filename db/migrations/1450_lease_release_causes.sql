-- depends: 1000_file_leases 1400_allowed_values_defined_once
-- file_leases.release_cause reads its allowed values from db/values/ too.
ALTER TABLE claude.file_leases
    DROP CONSTRAINT file_leases_release_cause_is_known,
    ADD CONSTRAINT file_leases_release_cause_is_known
        CHECK (release_cause = ANY (claude._lease_release_causes()));
COMMENT ON COLUMN claude.file_leases.release_cause IS 'One of claude._lease_release_causes(); NULL while the lease is live';
