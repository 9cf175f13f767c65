-- Back to the literal lists of 0001_schema and 0600_calendar_dates (as they
-- were then); the functions of db/values/ stay (migrate owns them).
ALTER TABLE claude.identities
    DROP CONSTRAINT identities_status_is_known,
    ADD CONSTRAINT identities_status_is_known CHECK (status IN ('active', 'archived'));
ALTER TABLE claude.messages
    DROP CONSTRAINT messages_message_type_is_known,
    ADD CONSTRAINT messages_message_type_is_known CHECK (message_type IN
        ('task_request', 'status_update', 'notification', 'broadcast', 'question', 'handoff')),
    DROP CONSTRAINT messages_priority_is_known,
    ADD CONSTRAINT messages_priority_is_known CHECK (priority IN ('urgent', 'normal', 'low')),
    DROP CONSTRAINT messages_status_is_known,
    ADD CONSTRAINT messages_status_is_known CHECK (status IN ('pending', 'read', 'acknowledged', 'expired')),
    DROP CONSTRAINT messages_expires_at_is_a_calendar_date,
    ADD CONSTRAINT messages_expires_at_is_a_calendar_date
        CHECK ((expires_at AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00');
ALTER TABLE claude.message_receipts
    DROP CONSTRAINT message_receipts_status_is_known,
    ADD CONSTRAINT message_receipts_status_is_known CHECK (status IN ('read', 'acknowledged'));
ALTER TABLE claude.scheduled_jobs
    DROP CONSTRAINT scheduled_jobs_job_type_is_known,
    ADD CONSTRAINT scheduled_jobs_job_type_is_known CHECK (job_type IN
        ('maintenance', 'sync', 'backup', 'audit', 'health_check', 'indexer', 'security')),
    DROP CONSTRAINT scheduled_jobs_trigger_type_is_known,
    ADD CONSTRAINT scheduled_jobs_trigger_type_is_known CHECK (trigger_type IN
        ('session_start', 'schedule', 'on_demand', 'session_end')),
    DROP CONSTRAINT scheduled_jobs_last_status_is_known,
    ADD CONSTRAINT scheduled_jobs_last_status_is_known CHECK (last_status IN
        ('SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'RUNNING'));
ALTER TABLE claude.job_run_history
    DROP CONSTRAINT job_run_history_status_is_known,
    ADD CONSTRAINT job_run_history_status_is_known CHECK (status IN
        ('SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'RUNNING'));
ALTER TABLE claude.reminders
    DROP CONSTRAINT reminders_check_type_is_known,
    ADD CONSTRAINT reminders_check_type_is_known CHECK (check_type IN ('manual', 'sql_query', 'file_exists', 'table_empty')),
    DROP CONSTRAINT reminders_status_is_known,
    ADD CONSTRAINT reminders_status_is_known CHECK (status IN ('pending', 'done', 'dismissed', 'expired')),
    DROP CONSTRAINT reminders_check_after_is_a_calendar_date,
    ADD CONSTRAINT reminders_check_after_is_a_calendar_date
        CHECK ((check_after AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00');
ALTER TABLE claude.activity_feed
    DROP CONSTRAINT activity_feed_source_type_is_known,
    ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
        ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert', 'lease')),
    DROP CONSTRAINT activity_feed_severity_is_known,
    ADD CONSTRAINT activity_feed_severity_is_known CHECK (severity IN ('info', 'success', 'warning', 'error'));
ALTER TABLE claude.activity_feed_archive
    DROP CONSTRAINT activity_feed_source_type_is_known,
    ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
        ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert', 'lease')),
    DROP CONSTRAINT activity_feed_severity_is_known,
    ADD CONSTRAINT activity_feed_severity_is_known CHECK (severity IN ('info', 'success', 'warning', 'error'));
ALTER TABLE claude.knowledge
    DROP CONSTRAINT knowledge_knowledge_type_is_known,
    ADD CONSTRAINT knowledge_knowledge_type_is_known CHECK (knowledge_type IN
        ('pattern', 'gotcha', 'best-practice', 'bug-fix', 'reference', 'architecture', 'troubleshooting', 'api-reference'));

COMMENT ON COLUMN claude.identities.status IS 'active or archived';
COMMENT ON COLUMN claude.messages.message_type IS 'Type of message: task_request, status_update, notification, broadcast, question, handoff';
COMMENT ON COLUMN claude.messages.priority IS 'Message priority: urgent, normal (default), low';
COMMENT ON COLUMN claude.message_receipts.status IS 'read or acknowledged';
COMMENT ON COLUMN claude.scheduled_jobs.job_type IS 'Category: maintenance, sync, backup, audit, health_check, indexer, security';
COMMENT ON COLUMN claude.scheduled_jobs.last_status IS 'Result of last run: SUCCESS, FAILED, TIMEOUT, SKIPPED, RUNNING';
COMMENT ON COLUMN claude.scheduled_jobs.trigger_type IS 'When to trigger: session_start, schedule, on_demand, session_end';
COMMENT ON COLUMN claude.job_run_history.status IS 'SUCCESS, FAILED, TIMEOUT, SKIPPED or RUNNING';
COMMENT ON COLUMN claude.reminders.check_type IS 'How to verify: manual, sql_query, file_exists, table_empty';
COMMENT ON COLUMN claude.reminders.status IS 'pending, done, dismissed or expired';
COMMENT ON COLUMN claude.activity_feed.source_type IS 'Source category: session, message, job, test, feedback, commit, alert, lease';
COMMENT ON COLUMN claude.activity_feed.severity IS 'Importance: info (default), success, warning, error';
COMMENT ON COLUMN claude.knowledge.knowledge_type IS 'Category: pattern, gotcha, best-practice, bug-fix, reference, architecture, troubleshooting, api-reference';
