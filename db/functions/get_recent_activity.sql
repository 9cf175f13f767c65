-- LANGUAGE sql: statements run in order, so the arguments are validated
-- before the query runs, even when the feed is empty.
CREATE OR REPLACE FUNCTION claude.get_recent_activity(
    project_name text    DEFAULT NULL,
    severity     text    DEFAULT NULL,
    "limit"      integer DEFAULT 50,
    source_type  text    DEFAULT NULL
)
RETURNS SETOF claude.activity_feed
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
    SELECT claude._check_recent_activity_args(get_recent_activity.severity, get_recent_activity."limit",
                                              get_recent_activity.source_type);
    SELECT * FROM claude._recent_activity(get_recent_activity.project_name, get_recent_activity.severity,
                                          get_recent_activity."limit", get_recent_activity.source_type);
$$;
COMMENT ON FUNCTION claude.get_recent_activity(text, text, integer, text) IS
'List the most recent activity entries, newest first.
project_name: only this project (NULL: all). severity: only this severity (NULL: all; pass warning or error to surface problems).
limit: how many, 1..1000 (default 50; NULL means 50). source_type: only this source type (NULL: all).
Errors: 22023 unknown severity or source_type, or limit out of range.';
REVOKE ALL ON FUNCTION claude.get_recent_activity(text, text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_recent_activity(text, text, integer, text) TO claude_agent;
