-- The claude schema: the seven tables of the design plus the tables the
-- API needs (projects, job_run_history, message_receipts,
-- activity_feed_archive).  Rules a row can check by itself are CHECK
-- constraints named as sentences; rules across rows are (partial) unique
-- indexes; state transitions are guarded by triggers in db/triggers/.

-- The roles (claude_reader, claude_agent, claude_admin) and their
-- memberships are cluster-wide: db/roles.sql creates what is missing, re-applied
-- by every migrate before the migrations, and nothing drops them.

CREATE SCHEMA IF NOT EXISTS claude;
COMMENT ON SCHEMA claude IS 'claude-gateway: coordination, messaging, scheduling, reminders, activity and knowledge for a family of AI coding agents.';

-- Nothing in the schema is executable or readable by default: each API
-- function and view is granted explicitly (db/grants.sql and the function files).
ALTER DEFAULT PRIVILEGES IN SCHEMA claude REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
REVOKE ALL ON SCHEMA claude FROM PUBLIC;
GRANT USAGE ON SCHEMA claude TO claude_reader, claude_agent, claude_admin;

------------------------------------------------------------------------------
-- projects
------------------------------------------------------------------------------
CREATE TABLE claude.projects (
    project_id     uuid         NOT NULL DEFAULT gen_random_uuid(),
    project_name   varchar(200) NOT NULL,
    project_schema varchar(100),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT projects_pkey PRIMARY KEY (project_id),
    CONSTRAINT projects_project_name_key UNIQUE (project_name),
    CONSTRAINT projects_name_is_not_blank CHECK (btrim(project_name) <> '')
);
COMMENT ON TABLE claude.projects IS 'Registry of project names: backs "project exists" for sessions, broadcasts, jobs and reminders.';
COMMENT ON COLUMN claude.projects.project_id IS 'Primary key';
COMMENT ON COLUMN claude.projects.project_name IS 'Unique project name (up to 200 characters)';
COMMENT ON COLUMN claude.projects.project_schema IS 'Database schema for the project, if any';
COMMENT ON COLUMN claude.projects.created_at IS 'When the project was first seen';

------------------------------------------------------------------------------
-- identities
------------------------------------------------------------------------------
CREATE TABLE claude.identities (
    identity_id        uuid         NOT NULL DEFAULT gen_random_uuid(),
    identity_name      varchar(100) NOT NULL,
    platform           varchar(50)  NOT NULL,
    role_description   text,
    capabilities       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    personality_traits jsonb,
    learning_style     jsonb,
    status             varchar(20)  NOT NULL DEFAULT 'active',
    created_at         timestamptz  NOT NULL DEFAULT now(),
    last_active_at     timestamptz,
    CONSTRAINT identities_pkey PRIMARY KEY (identity_id),
    CONSTRAINT identities_status_is_known CHECK (status IN ('active', 'archived')),
    CONSTRAINT identities_name_is_not_blank CHECK (btrim(identity_name) <> ''),
    CONSTRAINT identities_platform_is_not_blank CHECK (btrim(platform) <> ''),
    CONSTRAINT identities_capabilities_is_an_object CHECK (jsonb_typeof(capabilities) = 'object'),
    CONSTRAINT identities_personality_traits_is_an_object CHECK (personality_traits IS NULL OR jsonb_typeof(personality_traits) = 'object'),
    CONSTRAINT identities_learning_style_is_an_object CHECK (learning_style IS NULL OR jsonb_typeof(learning_style) = 'object')
);
-- A name is unique among active identities and free again once archived.
CREATE UNIQUE INDEX identities_identity_name_active_idx ON claude.identities (identity_name) WHERE status = 'active';
CREATE INDEX identities_status_last_active_at_idx ON claude.identities (status, last_active_at DESC);
COMMENT ON TABLE claude.identities IS 'Registry of Claude instances and their capabilities. Never deleted, only archived.';
COMMENT ON COLUMN claude.identities.identity_id IS 'Primary key';
COMMENT ON COLUMN claude.identities.identity_name IS 'Instance name, unique among active identities';
COMMENT ON COLUMN claude.identities.platform IS 'Platform (Claude Code, MCW, etc)';
COMMENT ON COLUMN claude.identities.role_description IS 'Role description';
COMMENT ON COLUMN claude.identities.capabilities IS 'What this instance can do (a JSON object: mcp_servers, tools, ...)';
COMMENT ON COLUMN claude.identities.personality_traits IS 'Personality characteristics (a JSON object)';
COMMENT ON COLUMN claude.identities.learning_style IS 'Learning preferences (a JSON object)';
COMMENT ON COLUMN claude.identities.status IS 'active or archived';
COMMENT ON COLUMN claude.identities.created_at IS 'Creation time';
COMMENT ON COLUMN claude.identities.last_active_at IS 'Last activity time (updated when a session starts)';

------------------------------------------------------------------------------
-- sessions
------------------------------------------------------------------------------
CREATE TABLE claude.sessions (
    session_id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    identity_id            uuid         NOT NULL,
    project_schema         varchar(100),
    project_name           varchar(200) NOT NULL,
    session_start          timestamptz  NOT NULL DEFAULT now(),
    session_end            timestamptz,
    tasks_completed        text[]       NOT NULL DEFAULT '{}',
    learnings_gained       text[]       NOT NULL DEFAULT '{}',
    challenges_encountered text[]       NOT NULL DEFAULT '{}',
    session_summary        text,
    session_metadata       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT sessions_pkey PRIMARY KEY (session_id),
    CONSTRAINT sessions_identity_id_fkey FOREIGN KEY (identity_id)
        REFERENCES claude.identities (identity_id) ON DELETE RESTRICT,
    CONSTRAINT sessions_project_name_fkey FOREIGN KEY (project_name)
        REFERENCES claude.projects (project_name) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT sessions_end_is_after_start CHECK (session_end IS NULL OR session_end >= session_start),
    CONSTRAINT sessions_ended_session_has_summary CHECK (session_end IS NULL OR btrim(coalesce(session_summary, '')) <> ''),
    CONSTRAINT sessions_metadata_is_an_object CHECK (jsonb_typeof(session_metadata) = 'object')
);
-- One active session per identity, whatever the number of concurrent writers.
CREATE UNIQUE INDEX sessions_identity_id_active_idx ON claude.sessions (identity_id) WHERE session_end IS NULL;
CREATE INDEX sessions_identity_id_session_start_idx ON claude.sessions (identity_id, session_start DESC);
CREATE INDEX sessions_project_name_session_start_idx ON claude.sessions (project_name, session_start DESC);
CREATE INDEX sessions_session_start_active_idx ON claude.sessions (session_start) WHERE session_end IS NULL;
COMMENT ON TABLE claude.sessions IS 'Claude instance work sessions across projects. Active while session_end IS NULL.';
COMMENT ON COLUMN claude.sessions.session_id IS 'Primary key';
COMMENT ON COLUMN claude.sessions.identity_id IS 'Who is working (FK to identities)';
COMMENT ON COLUMN claude.sessions.project_schema IS 'Database schema for project';
COMMENT ON COLUMN claude.sessions.project_name IS 'Project being worked on (FK to projects)';
COMMENT ON COLUMN claude.sessions.session_start IS 'When session began';
COMMENT ON COLUMN claude.sessions.session_end IS 'When session ended (NULL = active)';
COMMENT ON COLUMN claude.sessions.tasks_completed IS 'Array of completed tasks';
COMMENT ON COLUMN claude.sessions.learnings_gained IS 'Array of learnings';
COMMENT ON COLUMN claude.sessions.challenges_encountered IS 'Array of challenges';
COMMENT ON COLUMN claude.sessions.session_summary IS 'Final summary (required once ended)';
COMMENT ON COLUMN claude.sessions.session_metadata IS 'Additional metadata (a JSON object)';
COMMENT ON COLUMN claude.sessions.created_at IS 'Record creation time';

------------------------------------------------------------------------------
-- messages and per-recipient receipts
------------------------------------------------------------------------------
CREATE TABLE claude.messages (
    message_id      uuid         NOT NULL DEFAULT gen_random_uuid(),
    from_session_id uuid         NOT NULL,
    to_session_id   uuid,
    to_project      varchar(200),
    message_type    varchar(50)  NOT NULL DEFAULT 'notification',
    priority        varchar(20)  NOT NULL DEFAULT 'normal',
    subject         varchar(200) NOT NULL,
    body            text         NOT NULL,
    metadata        jsonb        NOT NULL DEFAULT '{}'::jsonb,
    status          varchar(20)  NOT NULL DEFAULT 'pending',
    read_at         timestamptz,
    acknowledged_at timestamptz,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    expires_at      timestamptz,
    in_reply_to     uuid,
    CONSTRAINT messages_pkey PRIMARY KEY (message_id),
    CONSTRAINT messages_from_session_id_fkey FOREIGN KEY (from_session_id)
        REFERENCES claude.sessions (session_id) ON DELETE RESTRICT,
    CONSTRAINT messages_to_session_id_fkey FOREIGN KEY (to_session_id)
        REFERENCES claude.sessions (session_id) ON DELETE RESTRICT,
    CONSTRAINT messages_to_project_fkey FOREIGN KEY (to_project)
        REFERENCES claude.projects (project_name) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT messages_in_reply_to_fkey FOREIGN KEY (in_reply_to)
        REFERENCES claude.messages (message_id) ON DELETE RESTRICT,
    CONSTRAINT messages_has_exactly_one_recipient CHECK (num_nonnulls(to_session_id, to_project) = 1),
    CONSTRAINT messages_message_type_is_known CHECK (message_type IN
        ('task_request', 'status_update', 'notification', 'broadcast', 'question', 'handoff')),
    CONSTRAINT messages_priority_is_known CHECK (priority IN ('urgent', 'normal', 'low')),
    CONSTRAINT messages_status_is_known CHECK (status IN ('pending', 'read', 'acknowledged', 'expired')),
    CONSTRAINT messages_subject_is_not_blank CHECK (btrim(subject) <> ''),
    CONSTRAINT messages_body_is_not_blank CHECK (btrim(body) <> ''),
    CONSTRAINT messages_metadata_is_an_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT messages_pending_is_unread CHECK (status <> 'pending' OR (read_at IS NULL AND acknowledged_at IS NULL)),
    CONSTRAINT messages_read_has_read_at CHECK (status <> 'read' OR read_at IS NOT NULL),
    CONSTRAINT messages_acknowledged_has_acknowledged_at CHECK (status <> 'acknowledged' OR acknowledged_at IS NOT NULL),
    CONSTRAINT messages_broadcast_state_lives_in_receipts CHECK (to_project IS NULL OR status IN ('pending', 'expired')),
    CONSTRAINT messages_is_not_a_reply_to_itself CHECK (in_reply_to IS DISTINCT FROM message_id)
);
CREATE INDEX messages_to_session_id_pending_idx ON claude.messages (to_session_id, created_at)
    WHERE status = 'pending';
CREATE INDEX messages_to_project_pending_idx ON claude.messages (to_project, created_at)
    WHERE status = 'pending';
CREATE INDEX messages_to_session_id_idx ON claude.messages (to_session_id);
CREATE INDEX messages_from_session_id_idx ON claude.messages (from_session_id);
CREATE INDEX messages_in_reply_to_idx ON claude.messages (in_reply_to) WHERE in_reply_to IS NOT NULL;
CREATE INDEX messages_expires_at_open_idx ON claude.messages (expires_at) WHERE status IN ('pending', 'read');
CREATE INDEX messages_created_at_idx ON claude.messages (created_at DESC);
COMMENT ON TABLE claude.messages IS 'Inter-Claude messaging: direct messages (to_session_id) and project broadcasts (to_project).';
COMMENT ON COLUMN claude.messages.message_id IS 'Primary key';
COMMENT ON COLUMN claude.messages.from_session_id IS 'Sender session';
COMMENT ON COLUMN claude.messages.to_session_id IS 'Recipient session (for DM); exactly one of to_session_id and to_project is set';
COMMENT ON COLUMN claude.messages.to_project IS 'Recipient project (for broadcast)';
COMMENT ON COLUMN claude.messages.message_type IS 'Type of message: task_request, status_update, notification, broadcast, question, handoff';
COMMENT ON COLUMN claude.messages.priority IS 'Message priority: urgent, normal (default), low';
COMMENT ON COLUMN claude.messages.subject IS 'Message subject';
COMMENT ON COLUMN claude.messages.body IS 'Message content';
COMMENT ON COLUMN claude.messages.metadata IS 'Additional data (a JSON object)';
COMMENT ON COLUMN claude.messages.status IS 'pending -> read -> acknowledged, or expired; a broadcast keeps its per-reader state in message_receipts';
COMMENT ON COLUMN claude.messages.read_at IS 'When read (direct messages)';
COMMENT ON COLUMN claude.messages.acknowledged_at IS 'When acknowledged (direct messages)';
COMMENT ON COLUMN claude.messages.created_at IS 'Creation time';
COMMENT ON COLUMN claude.messages.expires_at IS 'Expiration time (NULL: never expires)';
COMMENT ON COLUMN claude.messages.in_reply_to IS 'The message this one replies to (threads)';

CREATE TABLE claude.message_receipts (
    message_id      uuid        NOT NULL,
    identity_id     uuid        NOT NULL,
    session_id      uuid        NOT NULL,
    status          varchar(20) NOT NULL,
    read_at         timestamptz,
    acknowledged_at timestamptz,
    CONSTRAINT message_receipts_pkey PRIMARY KEY (message_id, identity_id),
    CONSTRAINT message_receipts_message_id_fkey FOREIGN KEY (message_id)
        REFERENCES claude.messages (message_id) ON DELETE CASCADE,
    CONSTRAINT message_receipts_identity_id_fkey FOREIGN KEY (identity_id)
        REFERENCES claude.identities (identity_id) ON DELETE RESTRICT,
    CONSTRAINT message_receipts_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES claude.sessions (session_id) ON DELETE RESTRICT,
    CONSTRAINT message_receipts_status_is_known CHECK (status IN ('read', 'acknowledged')),
    CONSTRAINT message_receipts_read_has_read_at CHECK (status <> 'read' OR read_at IS NOT NULL),
    CONSTRAINT message_receipts_acknowledged_has_acknowledged_at CHECK (status <> 'acknowledged' OR acknowledged_at IS NOT NULL)
);
CREATE INDEX message_receipts_identity_id_idx ON claude.message_receipts (identity_id);
CREATE INDEX message_receipts_session_id_idx ON claude.message_receipts (session_id);
COMMENT ON TABLE claude.message_receipts IS 'Per-recipient read/acknowledge state of broadcasts: one row per (message, reader identity).';
COMMENT ON COLUMN claude.message_receipts.message_id IS 'The broadcast';
COMMENT ON COLUMN claude.message_receipts.identity_id IS 'The reader identity';
COMMENT ON COLUMN claude.message_receipts.session_id IS 'The session that read or acknowledged it';
COMMENT ON COLUMN claude.message_receipts.status IS 'read or acknowledged';
COMMENT ON COLUMN claude.message_receipts.read_at IS 'When this reader read it';
COMMENT ON COLUMN claude.message_receipts.acknowledged_at IS 'When this reader acknowledged it';

------------------------------------------------------------------------------
-- scheduled_jobs and job_run_history
------------------------------------------------------------------------------
CREATE TABLE claude.scheduled_jobs (
    job_id                 uuid         NOT NULL DEFAULT gen_random_uuid(),
    project_id             uuid,
    job_name               varchar(200) NOT NULL,
    job_description        text,
    job_type               varchar(50)  NOT NULL,
    schedule               varchar(100),
    last_run               timestamptz,
    last_status            varchar(20),
    last_output            text,
    last_error             text,
    next_run               timestamptz,
    run_count              integer      NOT NULL DEFAULT 0,
    success_count          integer      NOT NULL DEFAULT 0,
    is_active              boolean      NOT NULL DEFAULT true,
    timeout_seconds        integer      NOT NULL DEFAULT 300,
    retry_on_failure       boolean      NOT NULL DEFAULT false,
    max_retries            integer      NOT NULL DEFAULT 3,
    command                text         NOT NULL,
    working_directory      text,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    created_by_identity_id uuid,
    updated_at             timestamptz  NOT NULL DEFAULT now(),
    metadata               jsonb        NOT NULL DEFAULT '{}'::jsonb,
    trigger_type           varchar(50)  NOT NULL DEFAULT 'session_start',
    trigger_condition      jsonb        NOT NULL DEFAULT '{}'::jsonb,
    priority               integer      NOT NULL DEFAULT 5,
    retry_count            integer      NOT NULL DEFAULT 0,
    retry_at               timestamptz,
    CONSTRAINT scheduled_jobs_pkey PRIMARY KEY (job_id),
    CONSTRAINT scheduled_jobs_job_name_key UNIQUE (job_name),
    CONSTRAINT scheduled_jobs_project_id_fkey FOREIGN KEY (project_id)
        REFERENCES claude.projects (project_id) ON DELETE RESTRICT,
    CONSTRAINT scheduled_jobs_created_by_identity_id_fkey FOREIGN KEY (created_by_identity_id)
        REFERENCES claude.identities (identity_id) ON DELETE RESTRICT,
    CONSTRAINT scheduled_jobs_job_name_is_not_blank CHECK (btrim(job_name) <> ''),
    CONSTRAINT scheduled_jobs_command_is_not_blank CHECK (btrim(command) <> ''),
    CONSTRAINT scheduled_jobs_job_type_is_known CHECK (job_type IN
        ('maintenance', 'sync', 'backup', 'audit', 'health_check', 'indexer', 'security')),
    CONSTRAINT scheduled_jobs_trigger_type_is_known CHECK (trigger_type IN
        ('session_start', 'schedule', 'on_demand', 'session_end')),
    CONSTRAINT scheduled_jobs_last_status_is_known CHECK (last_status IN
        ('SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'RUNNING')),
    CONSTRAINT scheduled_jobs_schedule_is_set_iff_trigger_is_schedule CHECK ((trigger_type = 'schedule') = (schedule IS NOT NULL)),
    CONSTRAINT scheduled_jobs_trigger_condition_is_an_object CHECK (jsonb_typeof(trigger_condition) = 'object'),
    CONSTRAINT scheduled_jobs_metadata_is_an_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT scheduled_jobs_priority_is_1_to_10 CHECK (priority BETWEEN 1 AND 10),
    CONSTRAINT scheduled_jobs_timeout_is_positive CHECK (timeout_seconds > 0),
    CONSTRAINT scheduled_jobs_max_retries_is_not_negative CHECK (max_retries >= 0),
    CONSTRAINT scheduled_jobs_run_count_is_not_negative CHECK (run_count >= 0),
    CONSTRAINT scheduled_jobs_success_count_is_within_run_count CHECK (success_count BETWEEN 0 AND run_count),
    CONSTRAINT scheduled_jobs_retry_count_is_within_max_retries CHECK (retry_count BETWEEN 0 AND max_retries),
    CONSTRAINT scheduled_jobs_running_job_has_last_run CHECK (last_status IS DISTINCT FROM 'RUNNING' OR last_run IS NOT NULL)
);
CREATE INDEX scheduled_jobs_due_idx ON claude.scheduled_jobs (priority, last_run NULLS FIRST)
    WHERE is_active;
CREATE INDEX scheduled_jobs_next_run_idx ON claude.scheduled_jobs (next_run) WHERE is_active;
CREATE INDEX scheduled_jobs_retry_at_idx ON claude.scheduled_jobs (retry_at) WHERE retry_at IS NOT NULL;
CREATE INDEX scheduled_jobs_project_id_idx ON claude.scheduled_jobs (project_id);
CREATE INDEX scheduled_jobs_created_by_identity_id_idx ON claude.scheduled_jobs (created_by_identity_id);
CREATE INDEX scheduled_jobs_running_idx ON claude.scheduled_jobs (last_run) WHERE last_status = 'RUNNING';
COMMENT ON TABLE claude.scheduled_jobs IS 'Event-driven and cron job scheduling. Commands run outside Postgres, through claim_job/update_job_result.';
COMMENT ON COLUMN claude.scheduled_jobs.job_id IS 'Primary key';
COMMENT ON COLUMN claude.scheduled_jobs.project_id IS 'FK to projects (NULL: a job of no project, due everywhere)';
COMMENT ON COLUMN claude.scheduled_jobs.job_name IS 'Unique job name';
COMMENT ON COLUMN claude.scheduled_jobs.job_description IS 'What the job does';
COMMENT ON COLUMN claude.scheduled_jobs.job_type IS 'Category: maintenance, sync, backup, audit, health_check, indexer, security';
COMMENT ON COLUMN claude.scheduled_jobs.schedule IS 'Cron expression (5 fields, UTC); set exactly when trigger_type = schedule';
COMMENT ON COLUMN claude.scheduled_jobs.last_run IS 'Last execution time';
COMMENT ON COLUMN claude.scheduled_jobs.last_status IS 'Result of last run: SUCCESS, FAILED, TIMEOUT, SKIPPED, RUNNING';
COMMENT ON COLUMN claude.scheduled_jobs.last_output IS 'Output from last run';
COMMENT ON COLUMN claude.scheduled_jobs.last_error IS 'Error from last run';
COMMENT ON COLUMN claude.scheduled_jobs.next_run IS 'Scheduled next run (schedule jobs)';
COMMENT ON COLUMN claude.scheduled_jobs.run_count IS 'Total runs';
COMMENT ON COLUMN claude.scheduled_jobs.success_count IS 'Successful runs';
COMMENT ON COLUMN claude.scheduled_jobs.is_active IS 'Enable/disable';
COMMENT ON COLUMN claude.scheduled_jobs.timeout_seconds IS 'Max execution time in seconds';
COMMENT ON COLUMN claude.scheduled_jobs.retry_on_failure IS 'Retry on FAILED or TIMEOUT';
COMMENT ON COLUMN claude.scheduled_jobs.max_retries IS 'Max retry attempts';
COMMENT ON COLUMN claude.scheduled_jobs.command IS 'Shell command to execute';
COMMENT ON COLUMN claude.scheduled_jobs.working_directory IS 'Working directory for the command';
COMMENT ON COLUMN claude.scheduled_jobs.created_at IS 'Creation time';
COMMENT ON COLUMN claude.scheduled_jobs.created_by_identity_id IS 'Creator identity';
COMMENT ON COLUMN claude.scheduled_jobs.updated_at IS 'Last update time';
COMMENT ON COLUMN claude.scheduled_jobs.metadata IS 'Additional data (a JSON object)';
COMMENT ON COLUMN claude.scheduled_jobs.trigger_type IS 'When to trigger: session_start, schedule, on_demand, session_end';
COMMENT ON COLUMN claude.scheduled_jobs.trigger_condition IS 'Conditions to check: days_since_last_run, hours_since_last_run';
COMMENT ON COLUMN claude.scheduled_jobs.priority IS 'Execution priority 1..10 (1 = highest)';
COMMENT ON COLUMN claude.scheduled_jobs.retry_count IS 'Consecutive failed attempts of the current run (0 after a success)';
COMMENT ON COLUMN claude.scheduled_jobs.retry_at IS 'When a failed job is due again for a retry (NULL: no retry pending)';

CREATE TABLE claude.job_run_history (
    run_id      uuid        NOT NULL DEFAULT gen_random_uuid(),
    job_id      uuid        NOT NULL,
    session_id  uuid,
    attempt     integer     NOT NULL DEFAULT 1,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      varchar(20) NOT NULL DEFAULT 'RUNNING',
    output      text,
    error       text,
    duration    interval GENERATED ALWAYS AS (finished_at - started_at) STORED,
    CONSTRAINT job_run_history_pkey PRIMARY KEY (run_id),
    CONSTRAINT job_run_history_job_id_fkey FOREIGN KEY (job_id)
        REFERENCES claude.scheduled_jobs (job_id) ON DELETE CASCADE,
    CONSTRAINT job_run_history_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES claude.sessions (session_id) ON DELETE SET NULL,
    CONSTRAINT job_run_history_status_is_known CHECK (status IN
        ('SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'RUNNING')),
    CONSTRAINT job_run_history_attempt_is_positive CHECK (attempt >= 1),
    CONSTRAINT job_run_history_finished_iff_not_running CHECK ((status = 'RUNNING') = (finished_at IS NULL)),
    CONSTRAINT job_run_history_finished_is_after_started CHECK (finished_at IS NULL OR finished_at >= started_at)
);
-- At most one open run per job: the second concurrent claim cannot insert.
CREATE UNIQUE INDEX job_run_history_job_id_running_idx ON claude.job_run_history (job_id) WHERE status = 'RUNNING';
CREATE INDEX job_run_history_job_id_started_at_idx ON claude.job_run_history (job_id, started_at DESC);
CREATE INDEX job_run_history_session_id_idx ON claude.job_run_history (session_id);
COMMENT ON TABLE claude.job_run_history IS 'One row per job run: who claimed it, when, how it ended.';
COMMENT ON COLUMN claude.job_run_history.run_id IS 'Primary key';
COMMENT ON COLUMN claude.job_run_history.job_id IS 'The job';
COMMENT ON COLUMN claude.job_run_history.session_id IS 'The session that ran it, if any';
COMMENT ON COLUMN claude.job_run_history.attempt IS 'Attempt number (1, then 2.. for retries)';
COMMENT ON COLUMN claude.job_run_history.started_at IS 'When the run was claimed';
COMMENT ON COLUMN claude.job_run_history.finished_at IS 'When the run was reported (NULL while RUNNING)';
COMMENT ON COLUMN claude.job_run_history.status IS 'SUCCESS, FAILED, TIMEOUT, SKIPPED or RUNNING';
COMMENT ON COLUMN claude.job_run_history.output IS 'Captured output';
COMMENT ON COLUMN claude.job_run_history.error IS 'Captured error';
COMMENT ON COLUMN claude.job_run_history.duration IS 'finished_at - started_at';

------------------------------------------------------------------------------
-- reminders
------------------------------------------------------------------------------
CREATE TABLE claude.reminders (
    reminder_id     uuid         NOT NULL DEFAULT gen_random_uuid(),
    title           varchar(200) NOT NULL,
    description     text,
    check_after     timestamptz  NOT NULL,
    check_type      varchar(50)  NOT NULL DEFAULT 'manual',
    check_condition text,
    reschedule_days integer      NOT NULL DEFAULT 7,
    max_reminders   integer      NOT NULL DEFAULT 3,
    reminder_count  integer      NOT NULL DEFAULT 0,
    status          varchar(20)  NOT NULL DEFAULT 'pending',
    completed_at    timestamptz,
    project_name    varchar(200),
    created_by      varchar(100),
    created_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT reminders_pkey PRIMARY KEY (reminder_id),
    CONSTRAINT reminders_project_name_fkey FOREIGN KEY (project_name)
        REFERENCES claude.projects (project_name) ON UPDATE CASCADE ON DELETE RESTRICT,
    CONSTRAINT reminders_title_is_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT reminders_check_type_is_known CHECK (check_type IN ('manual', 'sql_query', 'file_exists', 'table_empty')),
    CONSTRAINT reminders_status_is_known CHECK (status IN ('pending', 'done', 'dismissed', 'expired')),
    CONSTRAINT reminders_automatic_check_has_condition CHECK (check_type = 'manual' OR btrim(coalesce(check_condition, '')) <> ''),
    CONSTRAINT reminders_reschedule_days_is_positive CHECK (reschedule_days > 0),
    CONSTRAINT reminders_max_reminders_is_positive CHECK (max_reminders > 0),
    CONSTRAINT reminders_count_is_within_max CHECK (reminder_count BETWEEN 0 AND max_reminders),
    CONSTRAINT reminders_completed_at_iff_done_or_dismissed CHECK ((status IN ('done', 'dismissed')) = (completed_at IS NOT NULL)),
    CONSTRAINT reminders_expired_only_at_max CHECK (status <> 'expired' OR reminder_count = max_reminders)
);
CREATE INDEX reminders_check_after_pending_idx ON claude.reminders (check_after) WHERE status = 'pending';
CREATE INDEX reminders_project_name_check_after_pending_idx ON claude.reminders (project_name, check_after) WHERE status = 'pending';
CREATE INDEX reminders_status_idx ON claude.reminders (status);
COMMENT ON TABLE claude.reminders IS 'Follow-up tasks with automatic checks and rescheduling. Terminal states (done, dismissed, expired) never change.';
COMMENT ON COLUMN claude.reminders.reminder_id IS 'Primary key';
COMMENT ON COLUMN claude.reminders.title IS 'Reminder title';
COMMENT ON COLUMN claude.reminders.description IS 'Details';
COMMENT ON COLUMN claude.reminders.check_after IS 'Don''t check until this time';
COMMENT ON COLUMN claude.reminders.check_type IS 'How to verify: manual, sql_query, file_exists, table_empty';
COMMENT ON COLUMN claude.reminders.check_condition IS 'SQL query, file path or table name, per check_type';
COMMENT ON COLUMN claude.reminders.reschedule_days IS 'Days to reschedule if not done';
COMMENT ON COLUMN claude.reminders.max_reminders IS 'Max reminder attempts';
COMMENT ON COLUMN claude.reminders.reminder_count IS 'Current attempt count';
COMMENT ON COLUMN claude.reminders.status IS 'pending, done, dismissed or expired';
COMMENT ON COLUMN claude.reminders.completed_at IS 'When completed or dismissed';
COMMENT ON COLUMN claude.reminders.project_name IS 'Associated project';
COMMENT ON COLUMN claude.reminders.created_by IS 'Creator';
COMMENT ON COLUMN claude.reminders.created_at IS 'Creation time';

------------------------------------------------------------------------------
-- activity_feed and its archive
------------------------------------------------------------------------------
CREATE TABLE claude.activity_feed (
    id            uuid         NOT NULL DEFAULT gen_random_uuid(),
    source_type   varchar(50)  NOT NULL,
    source_id     uuid,
    actor         varchar(100),
    activity_type varchar(100) NOT NULL,
    title         varchar(500) NOT NULL,
    summary       text,
    project_name  varchar(200),
    severity      varchar(20)  NOT NULL DEFAULT 'info',
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT activity_feed_pkey PRIMARY KEY (id),
    CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
        ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert')),
    CONSTRAINT activity_feed_severity_is_known CHECK (severity IN ('info', 'success', 'warning', 'error')),
    CONSTRAINT activity_feed_activity_type_is_not_blank CHECK (btrim(activity_type) <> ''),
    CONSTRAINT activity_feed_title_is_not_blank CHECK (btrim(title) <> '')
);
CREATE INDEX activity_feed_created_at_idx ON claude.activity_feed (created_at DESC);
CREATE INDEX activity_feed_project_name_created_at_idx ON claude.activity_feed (project_name, created_at DESC);
CREATE INDEX activity_feed_source_type_source_id_idx ON claude.activity_feed (source_type, source_id, created_at);
CREATE INDEX activity_feed_severity_created_at_idx ON claude.activity_feed (severity, created_at DESC);
COMMENT ON TABLE claude.activity_feed IS 'Unified, immutable activity log, mostly written by triggers. Rows leave only through retention into activity_feed_archive.';
COMMENT ON COLUMN claude.activity_feed.id IS 'Primary key';
COMMENT ON COLUMN claude.activity_feed.source_type IS 'Source category: session, message, job, test, feedback, commit, alert';
COMMENT ON COLUMN claude.activity_feed.source_id IS 'Primary key of the source row';
COMMENT ON COLUMN claude.activity_feed.actor IS 'Who performed the action';
COMMENT ON COLUMN claude.activity_feed.activity_type IS 'Specific activity (session_started, message_sent, job_failed, ...)';
COMMENT ON COLUMN claude.activity_feed.title IS 'Activity title';
COMMENT ON COLUMN claude.activity_feed.summary IS 'Detailed description';
COMMENT ON COLUMN claude.activity_feed.project_name IS 'Associated project';
COMMENT ON COLUMN claude.activity_feed.severity IS 'Importance: info (default), success, warning, error';
COMMENT ON COLUMN claude.activity_feed.created_at IS 'When it happened';

CREATE TABLE claude.activity_feed_archive (
    LIKE claude.activity_feed INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    archived_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activity_feed_archive_pkey PRIMARY KEY (id)
);
CREATE INDEX activity_feed_archive_created_at_idx ON claude.activity_feed_archive (created_at DESC);
CREATE INDEX activity_feed_archive_source_type_source_id_idx ON claude.activity_feed_archive (source_type, source_id);
COMMENT ON TABLE claude.activity_feed_archive IS 'Activity entries moved out of activity_feed by the retention function.';
COMMENT ON COLUMN claude.activity_feed_archive.id IS 'Primary key (the original activity id)';
COMMENT ON COLUMN claude.activity_feed_archive.source_type IS 'Source category';
COMMENT ON COLUMN claude.activity_feed_archive.source_id IS 'Primary key of the source row';
COMMENT ON COLUMN claude.activity_feed_archive.actor IS 'Who performed the action';
COMMENT ON COLUMN claude.activity_feed_archive.activity_type IS 'Specific activity';
COMMENT ON COLUMN claude.activity_feed_archive.title IS 'Activity title';
COMMENT ON COLUMN claude.activity_feed_archive.summary IS 'Detailed description';
COMMENT ON COLUMN claude.activity_feed_archive.project_name IS 'Associated project';
COMMENT ON COLUMN claude.activity_feed_archive.severity IS 'Importance level';
COMMENT ON COLUMN claude.activity_feed_archive.created_at IS 'When it happened';
COMMENT ON COLUMN claude.activity_feed_archive.archived_at IS 'When it was archived';

------------------------------------------------------------------------------
-- knowledge
------------------------------------------------------------------------------
CREATE TABLE claude.knowledge (
    knowledge_id           uuid         NOT NULL DEFAULT gen_random_uuid(),
    learned_by_identity_id uuid,
    knowledge_type         varchar(50)  NOT NULL,
    knowledge_category     varchar(100),
    title                  varchar(200) NOT NULL,
    description            text         NOT NULL,
    applies_to_projects    text[]       NOT NULL DEFAULT '{}',
    applies_to_platforms   text[]       NOT NULL DEFAULT '{}',
    confidence_level       integer      NOT NULL DEFAULT 5,
    times_applied          integer      NOT NULL DEFAULT 0,
    times_failed           integer      NOT NULL DEFAULT 0,
    code_example           text,
    related_knowledge      uuid[]       NOT NULL DEFAULT '{}',
    created_at             timestamptz  NOT NULL DEFAULT now(),
    updated_at             timestamptz  NOT NULL DEFAULT now(),
    last_applied_at        timestamptz,
    search_vector          tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(code_example, '')), 'C')
    ) STORED,
    CONSTRAINT knowledge_pkey PRIMARY KEY (knowledge_id),
    CONSTRAINT knowledge_learned_by_identity_id_fkey FOREIGN KEY (learned_by_identity_id)
        REFERENCES claude.identities (identity_id) ON DELETE RESTRICT,
    CONSTRAINT knowledge_knowledge_type_is_known CHECK (knowledge_type IN
        ('pattern', 'gotcha', 'best-practice', 'bug-fix', 'reference', 'architecture', 'troubleshooting', 'api-reference')),
    CONSTRAINT knowledge_title_is_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT knowledge_description_is_not_blank CHECK (btrim(description) <> ''),
    CONSTRAINT knowledge_confidence_is_1_to_10 CHECK (confidence_level BETWEEN 1 AND 10),
    CONSTRAINT knowledge_times_applied_is_not_negative CHECK (times_applied >= 0),
    CONSTRAINT knowledge_times_failed_is_within_times_applied CHECK (times_failed BETWEEN 0 AND times_applied),
    CONSTRAINT knowledge_is_not_related_to_itself CHECK (NOT (knowledge_id = ANY (related_knowledge))),
    CONSTRAINT knowledge_related_knowledge_has_no_nulls CHECK (array_position(related_knowledge, NULL) IS NULL)
);
CREATE INDEX knowledge_search_vector_idx ON claude.knowledge USING gin (search_vector);
CREATE INDEX knowledge_applies_to_projects_idx ON claude.knowledge USING gin (applies_to_projects);
CREATE INDEX knowledge_knowledge_type_confidence_idx ON claude.knowledge (knowledge_type, confidence_level DESC);
CREATE INDEX knowledge_confidence_times_applied_idx ON claude.knowledge (confidence_level DESC, times_applied DESC);
CREATE INDEX knowledge_learned_by_identity_id_idx ON claude.knowledge (learned_by_identity_id);
COMMENT ON TABLE claude.knowledge IS 'Shared knowledge base across Claude instances, with full-text search and earned confidence.';
COMMENT ON COLUMN claude.knowledge.knowledge_id IS 'Primary key';
COMMENT ON COLUMN claude.knowledge.learned_by_identity_id IS 'Who learned this';
COMMENT ON COLUMN claude.knowledge.knowledge_type IS 'Category: pattern, gotcha, best-practice, bug-fix, reference, architecture, troubleshooting, api-reference';
COMMENT ON COLUMN claude.knowledge.knowledge_category IS 'Sub-category (react, postgresql, testing, ...)';
COMMENT ON COLUMN claude.knowledge.title IS 'Knowledge title';
COMMENT ON COLUMN claude.knowledge.description IS 'Detailed description';
COMMENT ON COLUMN claude.knowledge.applies_to_projects IS 'Which projects (empty: all projects)';
COMMENT ON COLUMN claude.knowledge.applies_to_platforms IS 'Which platforms (empty: all platforms)';
COMMENT ON COLUMN claude.knowledge.confidence_level IS '1-10 confidence';
COMMENT ON COLUMN claude.knowledge.times_applied IS 'Usage count (every application)';
COMMENT ON COLUMN claude.knowledge.times_failed IS 'Failure count';
COMMENT ON COLUMN claude.knowledge.code_example IS 'Code snippet';
COMMENT ON COLUMN claude.knowledge.related_knowledge IS 'Related knowledge_ids';
COMMENT ON COLUMN claude.knowledge.created_at IS 'Creation time';
COMMENT ON COLUMN claude.knowledge.updated_at IS 'Last update';
COMMENT ON COLUMN claude.knowledge.last_applied_at IS 'Last usage';
COMMENT ON COLUMN claude.knowledge.search_vector IS 'Weighted English full-text vector of title (A), description (B) and code example (C)';
