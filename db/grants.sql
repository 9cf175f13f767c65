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
