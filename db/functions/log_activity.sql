CREATE OR REPLACE FUNCTION claude.log_activity(
    source_type   text,
    source_id     uuid,
    actor         text,
    activity_type text,
    title         text,
    summary       text DEFAULT NULL,
    project_name  text DEFAULT NULL,
    severity      text DEFAULT 'info'
)
RETURNS uuid
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    -- An actor naming an active identity claims to be it.
    PERFORM claude._authorize_identity(claude.get_identity_id(identity_name => log_activity.actor));
    PERFORM claude._check_one_of('source_type', log_activity.source_type, claude._activity_source_types());
    PERFORM claude._check_one_of('severity', coalesce(log_activity.severity, 'info'), claude._activity_severities());
    IF log_activity.activity_type IS NULL OR btrim(log_activity.activity_type) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'activity_type is required',
            HINT = 'Pass what happened, e.g. ''test_failed'' or ''alert_raised''.';
    END IF;
    IF log_activity.title IS NULL OR btrim(log_activity.title) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('a title is required for activity %L', log_activity.activity_type),
            HINT = 'Pass a one-line title.';
    END IF;
    PERFORM claude._check_length('activity_type', log_activity.activity_type, 100, 'Use a short snake_case activity type.');
    PERFORM claude._check_length('title', log_activity.title, 500, 'Shorten the title and put the details in summary.');
    PERFORM claude._check_length('actor', log_activity.actor, 100, 'Use the identity name as actor.');
    PERFORM claude._check_length('project_name', log_activity.project_name, 200, 'Use a shorter project name.');

    RETURN claude._insert_activity(log_activity.source_type, log_activity.source_id, log_activity.actor,
                                   log_activity.activity_type, log_activity.title, log_activity.summary,
                                   log_activity.project_name, coalesce(log_activity.severity, 'info'));
END;
$$;
COMMENT ON FUNCTION claude.log_activity(text, uuid, text, text, text, text, text, text) IS
'Append an entry to the activity feed and return its id (entries are immutable). Sessions, messages and jobs are logged by triggers; use this for tests, feedback, commits and alerts.
source_type: an activity source type. source_id: primary key of the source row (may be NULL).
actor: who did it (up to 100 characters). activity_type: what happened, e.g. test_failed (required, up to 100). title: one line (required, up to 500). summary: details.
project_name: associated project (up to 200, need not be registered). severity: an activity severity (default info; NULL means info).
Errors: 22023 unknown source_type or severity, blank activity_type or title; 22001 a value longer than its column.';
REVOKE ALL ON FUNCTION claude.log_activity(text, uuid, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.log_activity(text, uuid, text, text, text, text, text, text) TO claude_agent;
