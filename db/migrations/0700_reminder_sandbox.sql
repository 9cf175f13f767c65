-- depends: 0600_calendar_dates
-- Reminder conditions run as the low role claude_condition, whoever checks
-- them (db/functions/_run_condition.sql is owned by it), and each check is
-- charged to its own reminder: the outcome of the last check is recorded on
-- the reminder, so people see a condition that keeps failing.

-- Roles are cluster-wide: created idempotently, never dropped by a rollback.
DO $$
BEGIN
    CREATE ROLE claude_condition NOLOGIN NOINHERIT;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
-- Its comment comes with it from db/roles.sql (re-applied before the
-- migrations): COMMENT ON ROLE needs ADMIN on the role from PostgreSQL 16 on,
-- which the owner of a second database on the cluster lacks.

ALTER TABLE claude.reminders
    ADD COLUMN last_checked_at timestamptz,
    ADD COLUMN last_check_error varchar(500),
    ADD CONSTRAINT reminders_check_error_has_check_time CHECK (last_check_error IS NULL OR last_checked_at IS NOT NULL);
COMMENT ON COLUMN claude.reminders.last_checked_at IS 'When an automatic check (process_reminder) last ran';
COMMENT ON COLUMN claude.reminders.last_check_error IS 'Why the last automatic check failed (SQLSTATE or timeout; never the condition''s own error text); NULL when it succeeded';

-- One row per processed reminder: process_reminder and process_due_reminders
-- return it (the latter used to declare the columns itself: its return type
-- changes, so the old function goes).
DROP FUNCTION IF EXISTS claude.process_due_reminders(text);
CREATE TYPE claude.reminder_outcome AS (
    reminder_id           uuid,
    title                 varchar(200),
    check_type            varchar(50),
    outcome               text,
    reminder_count        integer,
    max_reminders         integer,
    check_condition       text,
    description           text,
    reminder_project_name varchar(200),
    error                 text
);
COMMENT ON TYPE claude.reminder_outcome IS 'What process_reminder did with one reminder: outcome done, rescheduled, expired, needs_client, error, or skipped (another caller changed it, or it is not due).';
