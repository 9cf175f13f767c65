-- depends: 0001_schema
-- Timestamps that come from callers stay within years 1..9999 (with a day of
-- margin for time zones): Python's datetime, and so the generated client,
-- cannot represent infinity, BC dates or years past 9999, and one such row
-- would make every listing that returns it fail for every agent
-- (get_due_reminders, get_pending_messages, the views).  The bounds are
-- written in UTC as plain timestamps so that the constraint reads the same
-- whatever the session's TimeZone.
--
-- Rows the older API accepted (check_after => 'infinity', a message expiring
-- in year 20000) would make ADD CONSTRAINT fail and the upgrade stop: each
-- constraint is added NOT VALID (new rows are checked at once), the old rows
-- are brought within the bounds (infinity and years past 9999 -> 9999-12-30,
-- still never in practice; -infinity and BC -> 0001-01-02, still in the past;
-- a longer reschedule_days -> 100 years), then the constraint is validated.
ALTER TABLE claude.reminders
    ADD CONSTRAINT reminders_check_after_is_a_calendar_date
        CHECK ((check_after AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00')
        NOT VALID,
    -- keeps check_after = now() + reschedule_days within the range above
    ADD CONSTRAINT reminders_reschedule_days_is_at_most_100_years
        CHECK (reschedule_days <= 36500) NOT VALID;
ALTER TABLE claude.messages
    ADD CONSTRAINT messages_expires_at_is_a_calendar_date
        CHECK ((expires_at AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00')
        NOT VALID;

UPDATE claude.reminders
   SET check_after = CASE WHEN (check_after AT TIME ZONE 'UTC') > timestamp '9999-12-30 00:00'
                          THEN timestamp '9999-12-30 00:00' AT TIME ZONE 'UTC'
                          ELSE timestamp '0001-01-02 00:00' AT TIME ZONE 'UTC' END
 WHERE NOT ((check_after AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00');
UPDATE claude.reminders SET reschedule_days = 36500 WHERE reschedule_days > 36500;
UPDATE claude.messages
   SET expires_at = CASE WHEN (expires_at AT TIME ZONE 'UTC') > timestamp '9999-12-30 00:00'
                         THEN timestamp '9999-12-30 00:00' AT TIME ZONE 'UTC'
                         ELSE timestamp '0001-01-02 00:00' AT TIME ZONE 'UTC' END
 WHERE NOT ((expires_at AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00');

ALTER TABLE claude.reminders VALIDATE CONSTRAINT reminders_check_after_is_a_calendar_date;
ALTER TABLE claude.reminders VALIDATE CONSTRAINT reminders_reschedule_days_is_at_most_100_years;
ALTER TABLE claude.messages VALIDATE CONSTRAINT messages_expires_at_is_a_calendar_date;
