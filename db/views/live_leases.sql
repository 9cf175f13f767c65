CREATE OR REPLACE VIEW claude.live_leases AS
SELECT l.lease_id,
       l.project_name,
       l.path,
       l.exclusive,
       l.reason,
       l.identity_id,
       i.identity_name,
       l.session_id,
       l.acquired_at,
       l.renewed_at,
       l.expires_at,
       l.expires_at - now() AS expires_in,
       extract(epoch FROM l.expires_at - now())::double precision AS expires_in_seconds
  FROM claude.file_leases l
  JOIN claude.identities i ON i.identity_id = l.identity_id
 WHERE l.released_at IS NULL
   AND l.expires_at > now()
 ORDER BY l.project_name, l.path, i.identity_name;
COMMENT ON VIEW claude.live_leases IS 'Leases in force (not released, not expired) with their holder''s name and the time left (expires_in = expires_at - now(), also in seconds), by project and path: who holds which files (Mission Control, check_paths).';
COMMENT ON COLUMN claude.live_leases.lease_id IS 'The lease';
COMMENT ON COLUMN claude.live_leases.project_name IS 'The project whose root the path is relative to';
COMMENT ON COLUMN claude.live_leases.path IS 'The leased glob, relative to the project root';
COMMENT ON COLUMN claude.live_leases.exclusive IS 'true: exclusive; false: shared';
COMMENT ON COLUMN claude.live_leases.reason IS 'Why the holder holds it';
COMMENT ON COLUMN claude.live_leases.identity_id IS 'The holder identity';
COMMENT ON COLUMN claude.live_leases.identity_name IS 'The holder''s name';
COMMENT ON COLUMN claude.live_leases.session_id IS 'The holder''s session (ending it releases the lease)';
COMMENT ON COLUMN claude.live_leases.acquired_at IS 'When it was first acquired';
COMMENT ON COLUMN claude.live_leases.renewed_at IS 'When it was last acquired again or renewed';
COMMENT ON COLUMN claude.live_leases.expires_at IS 'When it expires unless renewed';
COMMENT ON COLUMN claude.live_leases.expires_in IS 'Time left (expires_at - now())';
COMMENT ON COLUMN claude.live_leases.expires_in_seconds IS 'Time left, in seconds';
