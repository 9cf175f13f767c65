-- depends: 0600_calendar_dates
-- Each allowed-value list, and the calendar bounds, defined once: the
-- enumeration CHECKs (same names) read the IMMUTABLE functions of db/values/,
-- which `migrate` applies before the versioned migrations.  Adding a value is
-- then a one-file edit.  The columns keep their types: no table is rewritten
-- and no view has to be dropped; each ALTER re-checks the existing rows once.
ALTER TABLE claude.identities
    DROP CONSTRAINT identities_status_is_known,
    ADD CONSTRAINT identities_status_is_known CHECK (status = ANY (claude._identity_statuses()));
ALTER TABLE claude.messages
    DROP CONSTRAINT messages_message_type_is_known,
    ADD CONSTRAINT messages_message_type_is_known CHECK (message_type = ANY (claude._message_types())),
    DROP CONSTRAINT messages_priority_is_known,
    ADD CONSTRAINT messages_priority_is_known CHECK (priority = ANY (claude._message_priorities())),
    DROP CONSTRAINT messages_status_is_known,
    ADD CONSTRAINT messages_status_is_known CHECK (status = ANY (claude._message_statuses())),
    DROP CONSTRAINT messages_expires_at_is_a_calendar_date,
    ADD CONSTRAINT messages_expires_at_is_a_calendar_date CHECK (expires_at <@ claude._calendar_dates());
ALTER TABLE claude.message_receipts
    DROP CONSTRAINT message_receipts_status_is_known,
    ADD CONSTRAINT message_receipts_status_is_known CHECK (status = ANY (claude._receipt_statuses()));
ALTER TABLE claude.scheduled_jobs
    DROP CONSTRAINT scheduled_jobs_job_type_is_known,
    ADD CONSTRAINT scheduled_jobs_job_type_is_known CHECK (job_type = ANY (claude._job_types())),
    DROP CONSTRAINT scheduled_jobs_trigger_type_is_known,
    ADD CONSTRAINT scheduled_jobs_trigger_type_is_known CHECK (trigger_type = ANY (claude._job_trigger_types())),
    DROP CONSTRAINT scheduled_jobs_last_status_is_known,
    ADD CONSTRAINT scheduled_jobs_last_status_is_known CHECK (last_status = ANY (claude._job_statuses()));
ALTER TABLE claude.job_run_history
    DROP CONSTRAINT job_run_history_status_is_known,
    ADD CONSTRAINT job_run_history_status_is_known CHECK (status = ANY (claude._job_statuses()));
ALTER TABLE claude.reminders
    DROP CONSTRAINT reminders_check_type_is_known,
    ADD CONSTRAINT reminders_check_type_is_known CHECK (check_type = ANY (claude._reminder_check_types())),
    DROP CONSTRAINT reminders_status_is_known,
    ADD CONSTRAINT reminders_status_is_known CHECK (status = ANY (claude._reminder_statuses())),
    DROP CONSTRAINT reminders_check_after_is_a_calendar_date,
    ADD CONSTRAINT reminders_check_after_is_a_calendar_date CHECK (check_after <@ claude._calendar_dates());
ALTER TABLE claude.activity_feed
    DROP CONSTRAINT activity_feed_source_type_is_known,
    ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type = ANY (claude._activity_source_types())),
    DROP CONSTRAINT activity_feed_severity_is_known,
    ADD CONSTRAINT activity_feed_severity_is_known CHECK (severity = ANY (claude._activity_severities()));
ALTER TABLE claude.activity_feed_archive
    DROP CONSTRAINT activity_feed_source_type_is_known,
    ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type = ANY (claude._activity_source_types())),
    DROP CONSTRAINT activity_feed_severity_is_known,
    ADD CONSTRAINT activity_feed_severity_is_known CHECK (severity = ANY (claude._activity_severities()));
ALTER TABLE claude.knowledge
    DROP CONSTRAINT knowledge_knowledge_type_is_known,
    ADD CONSTRAINT knowledge_knowledge_type_is_known CHECK (knowledge_type = ANY (claude._knowledge_types()));

-- The column comments name the definition instead of copying the list.
COMMENT ON COLUMN claude.identities.status IS 'One of claude._identity_statuses()';
COMMENT ON COLUMN claude.messages.message_type IS 'Type of message: one of claude._message_types()';
COMMENT ON COLUMN claude.messages.priority IS 'Message priority: one of claude._message_priorities(), most urgent first (default normal)';
COMMENT ON COLUMN claude.message_receipts.status IS 'One of claude._receipt_statuses()';
COMMENT ON COLUMN claude.scheduled_jobs.job_type IS 'Category: one of claude._job_types()';
COMMENT ON COLUMN claude.scheduled_jobs.last_status IS 'Result of last run: one of claude._job_statuses()';
COMMENT ON COLUMN claude.scheduled_jobs.trigger_type IS 'When to trigger: one of claude._job_trigger_types()';
COMMENT ON COLUMN claude.job_run_history.status IS 'One of claude._job_statuses() (RUNNING until reported)';
COMMENT ON COLUMN claude.reminders.check_type IS 'How to verify: one of claude._reminder_check_types()';
COMMENT ON COLUMN claude.reminders.status IS 'One of claude._reminder_statuses()';
COMMENT ON COLUMN claude.activity_feed.source_type IS 'Source category: one of claude._activity_source_types()';
COMMENT ON COLUMN claude.activity_feed.severity IS 'Importance: one of claude._activity_severities(), most severe first (default info)';
COMMENT ON COLUMN claude.knowledge.knowledge_type IS 'Category: one of claude._knowledge_types()';

-- Replaced by claude._check_one_of (db/functions/), which every validator uses.
DROP FUNCTION IF EXISTS claude._check_activity_enum(text, text);
