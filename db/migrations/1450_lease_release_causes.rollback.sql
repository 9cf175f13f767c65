ALTER TABLE claude.file_leases
    DROP CONSTRAINT file_leases_release_cause_is_known,
    ADD CONSTRAINT file_leases_release_cause_is_known CHECK (release_cause IN ('released', 'session_ended'));
COMMENT ON COLUMN claude.file_leases.release_cause IS 'released (release_lease, release_leases) or session_ended (its session ended)';
