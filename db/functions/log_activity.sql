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
AS $$
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('activity_type', log_activity.activity_type, 100, 'Use a short snake_case activity type.');
    PERFORM claude._check_length('title', log_activity.title, 500, 'Shorten the title and put the details in summary.');
    PERFORM claude._check_length('summary', log_activity.summary, 65536, 'A summary is at most 65,536 characters.');
    PERFORM claude._check_length('actor', log_activity.actor, 100, 'Use the identity name as actor.');
    PERFORM claude._check_project_name(log_activity.project_name);
    PERFORM claude._check_length('source_type', log_activity.source_type, 50, 'Pass source_type => one of its values.');
    PERFORM claude._check_length('severity', log_activity.severity, 50, 'Pass severity => one of its values.');
    PERFORM claude._check_one_of('source_type', log_activity.source_type, claude._activity_source_types());
    PERFORM claude._check_one_of('severity', coalesce(log_activity.severity, 'info'), claude._activity_severities());
    PERFORM claude._check_required('activity_type', log_activity.activity_type,
        'Pass what happened, e.g. ''test_failed'' or ''alert_raised''.');
    PERFORM claude._check_required('title', log_activity.title, 'Pass a one-line title.',
        format('a title is required for activity %L', log_activity.activity_type));
    -- An actor naming an active identity claims to be it.
    PERFORM claude._authorize_identity(claude.get_identity_id(identity_name => log_activity.actor));
    IF log_activity.project_name IS NOT NULL THEN
        PERFORM claude._check_name('project_name', log_activity.project_name, 'Pass the project''s name.');
    END IF;

    RETURN claude._insert_activity(log_activity.source_type, log_activity.source_id, log_activity.actor,
                                   log_activity.activity_type, log_activity.title, log_activity.summary,
                                   log_activity.project_name, coalesce(log_activity.severity, 'info'));
END;
$$;
COMMENT ON FUNCTION claude.log_activity(text, uuid, text, text, text, text, text, text) IS
'Append an entry to the activity feed and return its id (entries are immutable). Sessions, messages and jobs are logged by triggers; use this for tests, feedback, commits and alerts.
source_type: an activity source type. source_id: primary key of the source row (may be NULL).
actor: who did it (up to 100 characters). activity_type: what happened, e.g. test_failed (required, up to 100). title: one line (required, up to 500). summary: details (up to 65,536).
project_name: associated project (up to 200, need not be registered; no control or zero-width characters). severity: an activity severity (default info; NULL means info).
Errors: 22023 unknown source_type or severity, blank activity_type or title (only white space, control or zero-width characters), a project_name with a control or zero-width character; 22001 a value longer than its limit.';
REVOKE ALL ON FUNCTION claude.log_activity(text, uuid, text, text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.log_activity(text, uuid, text, text, text, text, text, text) TO claude_agent;
