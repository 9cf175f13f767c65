-- Shared pgTAP fixtures, loaded into the scratch test database only (never by
-- migrate).  Each helper writes the tables directly so that tests of one
-- domain do not depend on another domain's API.
CREATE SCHEMA IF NOT EXISTS tests;

CREATE OR REPLACE FUNCTION tests.make_project(name text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_name text := coalesce(name, 'project-' || left(gen_random_uuid()::text, 8));
BEGIN
    INSERT INTO claude.projects (project_name) VALUES (v_name)
    ON CONFLICT (project_name) DO NOTHING;
    RETURN v_name;
END $$;

CREATE OR REPLACE FUNCTION tests.make_identity(name text DEFAULT NULL, platform text DEFAULT 'claude-code')
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO claude.identities (identity_name, platform)
    VALUES (coalesce(name, 'agent-' || left(gen_random_uuid()::text, 8)), make_identity.platform)
    RETURNING identity_id INTO v_id;
    RETURN v_id;
END $$;

-- An active session of a (new, unless given) identity in a project.
CREATE OR REPLACE FUNCTION tests.make_session(identity_id uuid DEFAULT NULL, project_name text DEFAULT 'test-project')
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    v_identity uuid := coalesce(make_session.identity_id, tests.make_identity());
    v_id uuid;
BEGIN
    PERFORM tests.make_project(make_session.project_name);
    INSERT INTO claude.sessions (identity_id, project_name)
    VALUES (v_identity, make_session.project_name)
    RETURNING session_id INTO v_id;
    RETURN v_id;
END $$;

-- A new identity and its active session in a project, in one call:
-- SELECT identity_id AS a, session_id AS sa FROM tests.make_agent('name', 'project') \gset
CREATE OR REPLACE FUNCTION tests.make_agent(name text DEFAULT NULL, project_name text DEFAULT 'test-project',
                                            OUT identity_id uuid, OUT session_id uuid)
LANGUAGE plpgsql AS $$
BEGIN
    identity_id := tests.make_identity(make_agent.name);
    session_id := tests.make_session(identity_id, make_agent.project_name);
END $$;

-- A LOGIN role that is a member of `member_of` (claude_agent, claude_admin, claude_reader,
-- claude_overseer), created inside the test's transaction (so rolled back with it), and
-- bound to the identity `bind_to` when one is given.  Switch to it with SET SESSION
-- AUTHORIZATION: SECURITY DEFINER functions see session_user.
CREATE OR REPLACE FUNCTION tests.make_login(login text, member_of text DEFAULT 'claude_agent',
                                            bind_to uuid DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', make_login.login, make_login.member_of);
    IF make_login.bind_to IS NOT NULL THEN
        PERFORM claude.bind_identity(identity_id => make_login.bind_to, login_role => make_login.login);
    END IF;
    RETURN make_login.login;
END $$;

-- A scheduled job written directly to the table (scheduler tests, and other
-- domains that need a job without going through create_scheduled_job).
CREATE OR REPLACE FUNCTION tests.make_job(
    job_name text DEFAULT NULL,
    trigger_type text DEFAULT 'session_start',
    schedule text DEFAULT NULL,
    project_name text DEFAULT NULL,
    priority integer DEFAULT 5,
    trigger_condition jsonb DEFAULT '{}',
    retry_on_failure boolean DEFAULT false,
    max_retries integer DEFAULT 3,
    metadata jsonb DEFAULT '{}',
    command text DEFAULT 'true',
    timeout_seconds integer DEFAULT 300
)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO claude.scheduled_jobs (job_name, job_type, command, trigger_type, schedule, project_id,
                                       priority, trigger_condition, retry_on_failure, max_retries,
                                       metadata, timeout_seconds)
    VALUES (coalesce(make_job.job_name, 'job-' || left(gen_random_uuid()::text, 8)), 'maintenance',
            make_job.command, make_job.trigger_type, make_job.schedule,
            (SELECT p.project_id FROM claude.projects p
              WHERE p.project_name = tests.make_project(make_job.project_name)
                AND make_job.project_name IS NOT NULL),
            make_job.priority, make_job.trigger_condition, make_job.retry_on_failure,
            make_job.max_retries, make_job.metadata, make_job.timeout_seconds)
    RETURNING job_id INTO v_id;
    RETURN v_id;
END $$;

-- A job whose report fails (XX000 "planted failure") whenever it would leave
-- RUNNING: the row crash recovery cannot report, for the tests that prove one
-- such job does not stop the others.  The trigger is dropped with the test's
-- ROLLBACK.
CREATE OR REPLACE FUNCTION tests.refuse_job_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.last_status <> 'RUNNING' THEN
        RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = 'planted failure';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION tests.make_job_unreportable(job_id uuid)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON claude.scheduled_jobs FOR EACH ROW
                    WHEN (NEW.job_id = %L) EXECUTE FUNCTION tests.refuse_job_report()',
                   'tests_unreportable_' || make_job_unreportable.job_id, make_job_unreportable.job_id);
END $$;
