-- The timestamps a caller may store (README, "Allowed values"): years 1..9999
-- with a day of margin for time zones.  Python's datetime, and so the
-- generated client, cannot represent infinity, BC dates or years past 9999, and
-- one such row would make every listing that returns it fail for every agent.
-- The bounds are absolute instants (UTC), whatever the session's TimeZone.
CREATE OR REPLACE FUNCTION claude._calendar_dates()
RETURNS tstzrange
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
AS $$ BEGIN RETURN tstzrange('0001-01-02 00:00:00+00', '9999-12-30 00:00:00+00', '[]'); END $$;
COMMENT ON FUNCTION claude._calendar_dates() IS 'The timestamps a caller may store, both bounds included: messages.expires_at, reminders.check_after, cron_next.';
REVOKE ALL ON FUNCTION claude._calendar_dates() FROM PUBLIC;
