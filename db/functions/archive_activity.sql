CREATE OR REPLACE FUNCTION claude.archive_activity(older_than interval DEFAULT '90 days')
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_count integer;
    v_cutoff timestamptz;
BEGIN
    v_cutoff := claude._cutoff('older_than', archive_activity.older_than, 'Pass older_than => ''90 days'' (the default) or another age.');

    -- The only sanctioned way rows leave activity_feed: the immutability
    -- trigger lets DELETE through while this transaction-local flag is on.
    PERFORM set_config('claude.activity_retention', 'on', true);
    WITH moved AS (
        DELETE FROM claude.activity_feed a
         WHERE a.created_at < v_cutoff
        RETURNING a.*
    )
    INSERT INTO claude.activity_feed_archive
           (id, source_type, source_id, actor, activity_type, title, summary, project_name, severity, created_at,
            caused_by_login)
    SELECT m.id, m.source_type, m.source_id, m.actor, m.activity_type, m.title, m.summary, m.project_name, m.severity, m.created_at,
           m.caused_by_login
      FROM moved m;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('claude.activity_retention', '', true);
    RETURN v_count;
END;
$$;
COMMENT ON FUNCTION claude.archive_activity(interval) IS
'Move activity entries older than older_than (default 90 days) from activity_feed into activity_feed_archive, in one transaction, and return how many moved (admin only). The only way entries leave the feed.
Parameters:
- older_than: how old an entry must be to move (default 90 days; 22023 negative or NULL).
Errors: 22023 older_than is NULL or negative.';
REVOKE ALL ON FUNCTION claude.archive_activity(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.archive_activity(interval) TO claude_admin;
