-- The scheduled maintenance, defined once: the pg_cron job and
-- `claude-gateway maintain` (cron, systemd timer) both call this function.
CREATE OR REPLACE FUNCTION claude.run_maintenance(
    archive_older_than interval DEFAULT '90 days',
    stale_grace_seconds integer DEFAULT 60,
    abandoned_idle_for interval DEFAULT '12 hours'
)
RETURNS TABLE (task text, affected integer)
LANGUAGE plpgsql
AS $$
BEGIN
    -- One run at a time (a pg_cron job and a timer may overlap): the second waits.
    PERFORM pg_advisory_xact_lock(hashtext('claude.run_maintenance'));
    task := 'expire_messages';
    affected := claude.expire_messages();
    RETURN NEXT;
    task := 'recover_stale_jobs';
    affected := claude.recover_stale_jobs(grace_seconds => run_maintenance.stale_grace_seconds);
    RETURN NEXT;
    task := 'end_abandoned_sessions';
    affected := claude.end_abandoned_sessions(idle_for => run_maintenance.abandoned_idle_for);
    RETURN NEXT;
    task := 'escalate_overdue_questions';
    affected := claude.escalate_overdue_questions();
    RETURN NEXT;
    -- Last, so the activity of the steps above is in the feed before the oldest rows move.
    task := 'archive_activity';
    affected := claude.archive_activity(older_than => run_maintenance.archive_older_than);
    RETURN NEXT;
END;
$$;
COMMENT ON FUNCTION claude.run_maintenance(interval, integer, interval) IS
'Run the periodic maintenance once, in one transaction, and return one row per task (expire_messages, recover_stale_jobs, end_abandoned_sessions, escalate_overdue_questions, archive_activity) with how many rows it changed.
Scheduled by pg_cron where the server has it (`claude-gateway maintain --install-pg-cron`), otherwise run by `claude-gateway maintain` from cron or a systemd timer (docs/OPERATIONS.md); concurrent runs wait for each other. Admin only.
Parameters:
- archive_older_than: activity older than this moves to the archive (archive_activity older_than; default 90 days).
- stale_grace_seconds: a running job is recovered this long after its timeout (recover_stale_jobs grace_seconds; default 60).
- abandoned_idle_for: a session idle this long is ended (end_abandoned_sessions idle_for; default 12 hours).
Errors: 22023 an interval that is NULL or negative, or a negative grace.';
REVOKE ALL ON FUNCTION claude.run_maintenance(interval, integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.run_maintenance(interval, integer, interval) TO claude_admin;
