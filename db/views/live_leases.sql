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
       l.expires_at - now() AS expires_in
  FROM claude.file_leases l
  JOIN claude.identities i ON i.identity_id = l.identity_id
 WHERE l.released_at IS NULL
   AND l.expires_at > now()
 ORDER BY l.project_name, l.path, i.identity_name;
COMMENT ON VIEW claude.live_leases IS 'Leases in force (not released, not expired) with their holder''s name and the time left (expires_in = expires_at - now()), by project and path: who holds which files (Mission Control, check_paths).';
