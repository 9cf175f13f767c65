-- Private helper: the recent activity an agent sees when its session starts
-- (claude.session_startup) or resumes (claude.session_context).
-- Candidates: the project's 10 newest entries plus its errors and warnings
-- of the last 7 days; errors first, then warnings, then the rest (rank 3:
-- the severities after warning tie), newest first within each, in the order
-- of claude._activity_severities().  An old error does not crowd out recent
-- news forever.  What reaches a model is bounded (docs/BOUNDS.md): at most
-- 10 entries, summaries cut to 2,000 characters with a marker.
CREATE OR REPLACE FUNCTION claude._startup_activity(p_project_name text)
RETURNS jsonb
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(jsonb_agg(to_jsonb(a) - 'rank' || jsonb_build_object('summary', claude._cut_text(a.summary, 2000))
                              ORDER BY a.rank, a.created_at DESC, a.id), '[]'::jsonb)
      FROM (SELECT u.*
              FROM (SELECT c.*, least(array_position(claude._activity_severities(), c.severity::text), 3) AS rank
                      FROM (SELECT f.* FROM claude.activity_feed f
                             WHERE f.project_name = p_project_name
                             ORDER BY f.created_at DESC, f.id LIMIT 10) c
                    UNION
                    SELECT f.*, array_position(claude._activity_severities(), f.severity::text) AS rank
                      FROM claude.activity_feed f
                     WHERE f.project_name = p_project_name
                       AND f.severity IN ('error', 'warning')
                       AND f.created_at > now() - interval '7 days') u
             ORDER BY u.rank, u.created_at DESC, u.id
             LIMIT 10) a;
$$;
COMMENT ON FUNCTION claude._startup_activity(text) IS 'Private: at most 10 activity_feed rows of a project as a jsonb array: errors, then warnings, then the rest, newest first within each (errors and warnings count for 7 days, the rest only among the 10 newest entries); summaries cut to 2,000 characters.';
REVOKE ALL ON FUNCTION claude._startup_activity(text) FROM PUBLIC;
