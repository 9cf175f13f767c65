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
    FOR r IN SELECT * FROM (VALUES ('claude_reader', 'NOLOGIN'),
                                   ('claude_agent', 'NOLOGIN'),
                                   ('claude_admin', 'NOLOGIN'),
                                   -- reminder conditions run as it (db/functions/_run_condition.sql)
                                   ('claude_condition', 'NOLOGIN NOINHERIT')) AS v(role_name, options)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r.role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I %s', r.role_name, r.options);
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
                                   ('claude_agent', 'claude_admin')) AS v(granted, member)
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
END $$;
