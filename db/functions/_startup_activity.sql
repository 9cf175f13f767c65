-- Private helper: the recent activity an agent sees when its session resumes
-- (claude.session_context; the same query as in claude.session_startup, which
-- can call this helper once the two are merged with the bounds work).
-- Candidates: the project's 10 newest entries plus its errors and
-- warnings of the last 7 days; errors first, then warnings, then the rest,
-- newest first within each.  An old error does not crowd out recent news forever.
CREATE OR REPLACE FUNCTION claude._startup_activity(p_project_name text)
RETURNS jsonb
LANGUAGE sql
STABLE
SET search_path = pg_catalog, claude, pg_temp
AS $$
    SELECT coalesce(jsonb_agg(to_jsonb(a) - 'rank' ORDER BY a.rank, a.created_at DESC, a.id), '[]'::jsonb)
      FROM (SELECT u.*
              FROM (SELECT c.*, CASE c.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END AS rank
                      FROM (SELECT f.* FROM claude.activity_feed f
                             WHERE f.project_name = p_project_name
                             ORDER BY f.created_at DESC, f.id LIMIT 10) c
                    UNION
                    SELECT f.*, CASE f.severity WHEN 'error' THEN 0 ELSE 1 END AS rank
                      FROM claude.activity_feed f
                     WHERE f.project_name = p_project_name
                       AND f.severity IN ('error', 'warning')
                       AND f.created_at > now() - interval '7 days') u
             ORDER BY u.rank, u.created_at DESC, u.id
             LIMIT 10) a;
$$;
COMMENT ON FUNCTION claude._startup_activity(text) IS 'Private: at most 10 activity_feed rows of a project as a jsonb array: errors, then warnings, then the rest, newest first within each (errors and warnings count for 7 days, the rest only among the 10 newest entries).';
REVOKE ALL ON FUNCTION claude._startup_activity(text) FROM PUBLIC;
