-- Private: the query of get_recent_activity.  PL/pgSQL planned with the
-- actual arguments every call (plan_cache_mode = force_custom_plan), so that
-- "project_name IS NULL OR a.project_name = project_name" folds to the one
-- filter given and the matching index is used; a generic plan walks
-- activity_feed_created_at_idx and filters instead (slow on a large feed).
CREATE OR REPLACE FUNCTION claude._recent_activity(p_project_name text, p_severity text, p_limit integer,
                                                   p_source_type text)
RETURNS SETOF claude.activity_feed
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, claude, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY
    SELECT a.*
      FROM claude.activity_feed a
     WHERE (p_project_name IS NULL OR a.project_name = p_project_name)
       AND (p_severity IS NULL OR a.severity = p_severity)
       AND (p_source_type IS NULL OR a.source_type = p_source_type)
     ORDER BY a.created_at DESC, a.id
     LIMIT coalesce(p_limit, 50);
END;
$$;
COMMENT ON FUNCTION claude._recent_activity(text, text, integer, text) IS 'Private: the query of get_recent_activity, planned with the actual filters on every call.';
REVOKE ALL ON FUNCTION claude._recent_activity(text, text, integer, text) FROM PUBLIC;
