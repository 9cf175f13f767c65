-- The cluster-wide roles and their memberships, re-applied by every migrate
-- BEFORE the versioned migrations (a "pre" file, as pgstac does), so a
-- database restored with pg_restore into a cluster without them, or a second
-- database on the cluster, gets them back by running `migrate`.  Idempotent:
-- a role is created only when missing; a membership is granted only when
-- missing, because granting one needs the ADMIN OPTION on the granted role
-- from PostgreSQL 16 on, which the owner of a second database lacks when
-- another owner created the roles.  Roles are never dropped here (other
-- databases on the cluster may use them).  Privileges on objects: the
-- function files and db/grants.sql.
DO $$
DECLARE
    r record;
    m record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('claude_reader', 'NOLOGIN',
         'claude-gateway: readers such as Mission Control Web: SELECT on the claude views only (NOLOGIN; grant it to login roles).'),
        ('claude_agent', 'NOLOGIN',
         'claude-gateway: agents: EXECUTE on the API functions and SELECT on the views, no direct table access (NOLOGIN; grant it to login roles).'),
        ('claude_admin', 'NOLOGIN',
         'claude-gateway: what agents may not do (jobs that run shell commands, retention, archiving identities), plus everything claude_agent may (NOLOGIN).'),
        ('claude_overseer', 'NOLOGIN',
         'claude-gateway: human overseers (NOLOGIN; people get LOGIN roles in it): they use the API as agents do, and the database marks their messages from_overseer.'),
        -- reminder conditions run as it (db/functions/_run_condition.sql)
        ('claude_condition', 'NOLOGIN NOINHERIT',
         'claude-gateway: the role reminder conditions run as (NOLOGIN). It may read the claude views and whatever an admin grants it (e.g. a project table for table_empty).')
        ) AS v(role_name, options, description)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r.role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I %s', r.role_name, r.options);
                -- Commented by its creator only: from 16 on, COMMENT ON ROLE needs ADMIN on it.
                EXECUTE format('COMMENT ON ROLE %I IS %L', r.role_name, r.description);
            EXCEPTION
                WHEN duplicate_object THEN NULL;  -- created meanwhile for another database
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION USING
                        ERRCODE = 'insufficient_privilege',
                        MESSAGE = format('role %I is missing and role %I may not create it', r.role_name, current_user),
                        HINT = 'migrate creates the claude_* roles once per cluster: run it once as a role with CREATEROLE (a managed server''s admin role has it), or create the roles first (see README, "A managed server").';
            END;
        END IF;
    END LOOP;

    FOR m IN SELECT * FROM (VALUES ('claude_reader', 'claude_agent'),
                                   ('claude_agent', 'claude_admin'),
                                   ('claude_agent', 'claude_overseer')) AS v(granted, member)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members a
                        WHERE a.roleid = m.granted::regrole AND a.member = m.member::regrole) THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', m.granted, m.member);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'insufficient_privilege',
                    MESSAGE = format('role %I lacks membership in %I and role %I may not grant it', m.member, m.granted, current_user),
                    HINT = format('A role with the ADMIN OPTION on %I (its creator, or a superuser) runs once: GRANT %I TO %I;', m.granted, m.granted, m.member);
            END;
        END IF;
    END LOOP;

    -- The migrating role owns nothing as claude_condition but hands it
    -- claude._run_condition (ALTER FUNCTION ... OWNER TO claude_condition), which
    -- needs SET ROLE claude_condition: membership on 15, the SET option on 16+
    -- (a CREATEROLE creator holds its roles WITH ADMIN but without SET).
    IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'claude_condition',
                           CASE WHEN current_setting('server_version_num')::int >= 160000
                                THEN 'SET' ELSE 'MEMBER' END) THEN
        BEGIN
            EXECUTE format('GRANT claude_condition TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION USING
                ERRCODE = 'insufficient_privilege',
                MESSAGE = format('role %I may not SET ROLE claude_condition and may not grant it to itself', current_user),
                HINT = format('A role with the ADMIN OPTION on claude_condition (the role that created it, or an administrator) runs once: GRANT claude_condition TO %I;', current_user);
        END;
    END IF;
END $$;
