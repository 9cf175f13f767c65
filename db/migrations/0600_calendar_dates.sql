-- depends: 0001_schema
-- Timestamps that come from callers stay within years 1..9999 (with a day of
-- margin for time zones): Python's datetime, and so the generated client,
-- cannot represent infinity, BC dates or years past 9999, and one such row
-- would make every listing that returns it fail for every agent
-- (get_due_reminders, get_pending_messages, the views).  The bounds are
-- written in UTC as plain timestamps so that the constraint reads the same
-- whatever the session's TimeZone.
ALTER TABLE claude.reminders
    ADD CONSTRAINT reminders_check_after_is_a_calendar_date
        CHECK ((check_after AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00'),
    -- keeps check_after = now() + reschedule_days within the range above
    ADD CONSTRAINT reminders_reschedule_days_is_at_most_100_years
        CHECK (reschedule_days <= 36500);
ALTER TABLE claude.messages
    ADD CONSTRAINT messages_expires_at_is_a_calendar_date
        CHECK ((expires_at AT TIME ZONE 'UTC') BETWEEN timestamp '0001-01-02 00:00' AND timestamp '9999-12-30 00:00');
