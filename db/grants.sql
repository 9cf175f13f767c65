-- Privileges applied after every migrate (re-runnable).  Tables are private:
-- no role but the owner writes them; agents go through the API functions
-- (SECURITY DEFINER), readers (Mission Control Web) see only the views.
-- EXECUTE on each API function is granted beside the function, in its file.
REVOKE ALL ON ALL TABLES IN SCHEMA claude FROM PUBLIC, claude_reader, claude_agent, claude_admin;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA claude FROM PUBLIC, claude_reader, claude_agent, claude_admin;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA claude FROM PUBLIC;

DO $$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT c.oid::regclass AS rel
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'claude' AND c.relkind IN ('v', 'm')
    LOOP
        EXECUTE format('GRANT SELECT ON %s TO claude_reader', v.rel);
    END LOOP;
END $$;

-- The allowed-value lists and bounds of db/values/ are facts any role may
-- read: the views order by them, cron_next checks its bound, and clients may
-- list them.  (Granted here, not beside each function: db/values/ is applied
-- before the first migration creates these roles.)
GRANT EXECUTE ON FUNCTION
    claude._activity_severities(), claude._activity_source_types(), claude._calendar_dates(),
    claude._identity_statuses(), claude._job_statuses(), claude._job_trigger_types(), claude._job_types(),
    claude._knowledge_types(), claude._message_priorities(), claude._message_statuses(),
    claude._message_types(), claude._receipt_statuses(), claude._reminder_check_types(),
    claude._reminder_statuses()
    TO claude_reader;
