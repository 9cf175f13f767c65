-- Private helper: the leases part of the session-start bundle (what the agent
-- holds, and who holds what else in its project), bounded for a model.
CREATE OR REPLACE FUNCTION claude._startup_leases(p_session_id uuid)
RETURNS jsonb
LANGUAGE sql
STABLE
AS $$
    WITH me AS (
        SELECT s.identity_id, s.project_name FROM claude.sessions s WHERE s.session_id = p_session_id
    ), live AS (
        SELECT v.*, (v.identity_id = me.identity_id) AS mine
          FROM claude.live_leases v, me
         WHERE v.project_name = me.project_name
    )
    SELECT jsonb_build_object(
        'held_leases', coalesce((SELECT jsonb_agg(jsonb_build_object(
                'lease_id', h.lease_id, 'path', h.path, 'exclusive', h.exclusive,
                'reason', left(h.reason, 200), 'expires_at', h.expires_at) ORDER BY h.path)
              FROM (SELECT * FROM live WHERE mine ORDER BY path LIMIT 20) h), '[]'::jsonb),
        'held_leases_total', (SELECT count(*) FROM live WHERE mine),
        'other_leases', coalesce((SELECT jsonb_agg(jsonb_build_object(
                'lease_id', o.lease_id, 'path', o.path, 'exclusive', o.exclusive,
                'identity_name', o.identity_name, 'reason', left(o.reason, 200),
                'expires_at', o.expires_at) ORDER BY o.identity_name, o.path)
              FROM (SELECT * FROM live WHERE NOT mine ORDER BY identity_name, path LIMIT 20) o), '[]'::jsonb),
        'other_leases_total', (SELECT count(*) FROM live WHERE NOT mine));
$$;
COMMENT ON FUNCTION claude._startup_leases(uuid) IS 'Private: the live leases of the session''s project for the start bundle: held_leases (its identity''s, at most 20), other_leases (everyone else''s, at most 20) and their totals.';
REVOKE ALL ON FUNCTION claude._startup_leases(uuid) FROM PUBLIC;
