-- depends: 0001_schema
-- activity_feed.created_at defaults to clock_timestamp() instead of now():
-- entries written in one transaction (a session auto-ended and a new one
-- started by the startup hook, a job's run and its result) keep the order in
-- which they happened, so "newest first" / "oldest first" are deterministic.
ALTER TABLE claude.activity_feed ALTER COLUMN created_at SET DEFAULT clock_timestamp();
