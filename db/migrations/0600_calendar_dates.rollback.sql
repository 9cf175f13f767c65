ALTER TABLE claude.messages DROP CONSTRAINT IF EXISTS messages_expires_at_is_a_calendar_date;
ALTER TABLE claude.reminders DROP CONSTRAINT IF EXISTS reminders_reschedule_days_is_at_most_100_years;
ALTER TABLE claude.reminders DROP CONSTRAINT IF EXISTS reminders_check_after_is_a_calendar_date;
