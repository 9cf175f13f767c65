-- Keeps sessions.last_seen_at, sessions.activity_state and claude.session_injections:
-- they hold data (liveness, what each session was shown), and the functions and
-- views of this version read them.  The migration is re-runnable (IF NOT EXISTS),
-- so applying it again after this rollback changes nothing and loses nothing.
SELECT 1;
