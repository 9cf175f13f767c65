-- One PL/pgSQL function, although its API parameter is named "limit" (a
-- reserved word, read only qualified, get_recent_activity."limit"): the
-- plpgsql_check gate lists that finding as a documented exception
-- (db/tests/lint/plpgsql_check.sql).  Planned with the actual arguments on
-- every call (plan_cache_mode = force_custom_plan), so that "project_name IS
-- NULL OR a.project_name = project_name" folds to the one filter given and the
-- matching index is used; a generic plan walks activity_feed_created_at_idx
-- and filters instead (slow on a large feed).
CREATE OR REPLACE FUNCTION claude.get_recent_activity(
    project_name text    DEFAULT NULL,
    severity     text    DEFAULT NULL,
    "limit"      integer DEFAULT 50,
    source_type  text    DEFAULT NULL
)
RETURNS SETOF claude.activity_feed
LANGUAGE plpgsql
STABLE
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_project_name(get_recent_activity.project_name, 'Project names are at most 200 characters.');
    PERFORM claude._check_length('severity', get_recent_activity.severity, 50, 'Pass severity => one of its values.');
    PERFORM claude._check_length('source_type', get_recent_activity.source_type, 50, 'Pass source_type => one of its values.');
    IF get_recent_activity.severity IS NOT NULL THEN
        PERFORM claude._check_one_of('severity', get_recent_activity.severity, claude._activity_severities());
    END IF;
    IF get_recent_activity.source_type IS NOT NULL THEN
        PERFORM claude._check_one_of('source_type', get_recent_activity.source_type, claude._activity_source_types());
    END IF;
    IF coalesce(get_recent_activity."limit", 50) NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('limit %s is out of range 1..1000', get_recent_activity."limit"),
            HINT = 'Pass "limit" => a number from 1 to 1000 (default 50).';
    END IF;
    RETURN QUERY
    SELECT a.*
      FROM claude.activity_feed a
     WHERE (get_recent_activity.project_name IS NULL OR a.project_name = get_recent_activity.project_name)
       AND (get_recent_activity.severity IS NULL OR a.severity = get_recent_activity.severity)
       AND (get_recent_activity.source_type IS NULL OR a.source_type = get_recent_activity.source_type)
     ORDER BY a.created_at DESC, a.id
     LIMIT coalesce(get_recent_activity."limit", 50);
END;
$$;
COMMENT ON FUNCTION claude.get_recent_activity(text, text, integer, text) IS
'List the most recent activity entries, newest first.
project_name: only this project (NULL: all). severity: only this severity (NULL: all; pass warning or error to surface problems).
limit: how many, 1..1000 (default 50; NULL means 50). source_type: only this source type (NULL: all).
Errors: 22023 unknown severity or source_type, or limit out of range; 22001 project_name over 200 characters.';
REVOKE ALL ON FUNCTION claude.get_recent_activity(text, text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_recent_activity(text, text, integer, text) TO claude_agent;
