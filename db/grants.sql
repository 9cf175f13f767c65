-- Privileges applied after every migrate (re-runnable).  Tables are private:
-- no role but the owner writes them; agents go through the API functions
-- (SECURITY DEFINER), readers (Mission Control Web) see only the views, and
-- reminder conditions run as claude_condition, which may read the views too.
-- EXECUTE on each API function is granted beside the function, in its file.
REVOKE ALL ON ALL TABLES IN SCHEMA claude FROM PUBLIC, claude_reader, claude_agent, claude_admin, claude_condition;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA claude FROM PUBLIC, claude_reader, claude_agent, claude_admin, claude_condition;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA claude FROM PUBLIC;
-- Grants that versioned migrations made once are repeated here, so a
-- pg_restore into a cluster without the roles (which drops them) is repaired
-- by the next migrate (README, "Backup and restore").
GRANT USAGE ON SCHEMA claude TO claude_reader, claude_agent, claude_admin, claude_condition, claude_overseer;
DO $$
BEGIN
    IF to_regtype('claude.job_claim') IS NOT NULL THEN
        GRANT USAGE ON TYPE claude.job_claim TO claude_agent;
    END IF;
END $$;

DO $$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT c.oid::regclass AS rel
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'claude' AND c.relkind IN ('v', 'm')
    LOOP
        EXECUTE format('GRANT SELECT ON %s TO claude_reader, claude_condition', v.rel);
    END LOOP;
END $$;

-- Doors a low role does not need, closed for this database (docs/SECURITY.md,
-- "What a deployment revokes from PUBLIC"):
--  * large objects: with lo_from_bytea an agent could upload a file's bytes
--    for a privileged session to write out later; nothing here uses them;
--  * TEMP: nothing here needs temporary tables, and they let a role shadow
--    names for its own session.
-- Function ACLs in pg_catalog and the database's ACL belong to the bootstrap
-- superuser and the database owner: a migrate run by anyone else says what
-- the DBA should run instead (a managed server's admin role usually may).
DO $$
DECLARE
    v record;
    v_super boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
    IF v_super THEN
        FOR v IN
            SELECT p.oid::regprocedure AS fn
              FROM pg_proc p
             WHERE p.pronamespace = 'pg_catalog'::regnamespace
               AND (p.proname LIKE 'lo\_%' OR p.proname IN ('loread', 'lowrite'))
               AND has_function_privilege('public', p.oid, 'EXECUTE')
        LOOP
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', v.fn);
        END LOOP;
    ELSIF EXISTS (SELECT 1 FROM pg_proc p
                   WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname = 'lo_from_bytea'
                     AND has_function_privilege('public', p.oid, 'EXECUTE')) THEN
        RAISE WARNING 'large-object functions are still executable by PUBLIC in database %', current_database()
            USING HINT = 'As a superuser, REVOKE EXECUTE ON FUNCTION lo_from_bytea(oid, bytea), lo_create(oid), lo_creat(integer), lo_put(oid, bigint, bytea), lowrite(integer, bytea) FROM PUBLIC (docs/SECURITY.md).';
    END IF;
    IF v_super OR pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') THEN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    ELSIF has_database_privilege('public', current_database(), 'TEMPORARY') THEN
        RAISE WARNING 'PUBLIC may still create temporary tables in database %', current_database()
            USING HINT = format('As the database owner, REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC (docs/SECURITY.md).', current_database());
    END IF;
END $$;

-- The allowed-value lists and bounds of db/values/ are facts any role may
-- read: the views order by them (claude_condition reads the views too), cron_next checks its bound, and clients may
-- list them.  (Granted here, not beside each function: db/values/ is applied
-- before the first migration creates these roles.)
GRANT EXECUTE ON FUNCTION
    claude._activity_severities(), claude._activity_source_types(), claude._calendar_dates(),
    claude._identity_statuses(), claude._job_statuses(), claude._job_trigger_types(), claude._job_types(),
    claude._knowledge_types(), claude._message_priorities(), claude._message_statuses(),
    claude._message_types(), claude._receipt_statuses(), claude._reminder_check_types(),
    claude._reminder_statuses(), claude._session_activity_states(), claude._lease_release_causes(),
    claude._question_statuses(), claude._idempotency_scopes()
    TO claude_reader, claude_condition;
