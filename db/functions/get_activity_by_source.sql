CREATE OR REPLACE FUNCTION claude.get_activity_by_source(source_type text, source_id uuid)
RETURNS SETOF claude.activity_feed
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('source_type', get_activity_by_source.source_type, 50, 'Pass source_type => one of its values.');
    PERFORM claude._check_one_of('source_type', get_activity_by_source.source_type, claude._activity_source_types());
    IF get_activity_by_source.source_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('source_id is required to list the activity of a %s', get_activity_by_source.source_type),
            HINT = 'Pass the primary key of the source row, e.g. a session_id; use claude.get_recent_activity(...) for everything.';
    END IF;
    RETURN QUERY
        SELECT a.*
          FROM claude.activity_feed a
         WHERE a.source_type = get_activity_by_source.source_type
           AND a.source_id = get_activity_by_source.source_id
         ORDER BY a.created_at, a.id;
END;
$$;
COMMENT ON FUNCTION claude.get_activity_by_source(text, uuid) IS
'List the activity history of one source row (e.g. every entry of a session), oldest first; empty when there is none.
source_type: an activity source type. source_id: the source row''s primary key (for a job, the job_id).
Errors: 22023 unknown source_type or NULL source_id; 22001 source_type over 50 characters.';
REVOKE ALL ON FUNCTION claude.get_activity_by_source(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_activity_by_source(text, uuid) TO claude_agent;
