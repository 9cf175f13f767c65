-- depends: 0001_schema
-- File and path leases: an agent claims globs of its project
-- for a while, exclusively or shared, so that agents do not edit over each
-- other.  A lease is live while released_at IS NULL and expires_at > now();
-- an expired lease never conflicts.  Conflicts between live leases of
-- different identities are refused by a trigger (tg_file_leases__refuse_conflicts)
-- that first locks the project's row in file_lease_projects, so concurrent
-- acquisitions of one project are decided one after the other.

CREATE TABLE claude.file_leases (
    lease_id      uuid          NOT NULL DEFAULT gen_random_uuid(),
    session_id    uuid          NOT NULL,
    identity_id   uuid          NOT NULL,
    project_name  varchar(200)  NOT NULL,
    path          varchar(1024) NOT NULL,
    exclusive     boolean       NOT NULL DEFAULT true,
    reason        varchar(1000),
    acquired_at   timestamptz   NOT NULL DEFAULT now(),
    renewed_at    timestamptz   NOT NULL DEFAULT now(),
    expires_at    timestamptz   NOT NULL,
    released_at   timestamptz,
    release_cause varchar(20),
    CONSTRAINT file_leases_pkey PRIMARY KEY (lease_id),
    CONSTRAINT file_leases_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES claude.sessions (session_id) ON DELETE RESTRICT,
    CONSTRAINT file_leases_identity_id_fkey FOREIGN KEY (identity_id)
        REFERENCES claude.identities (identity_id) ON DELETE RESTRICT,
    CONSTRAINT file_leases_project_name_fkey FOREIGN KEY (project_name)
        REFERENCES claude.projects (project_name) ON UPDATE CASCADE ON DELETE RESTRICT,
    -- The path is a normalised glob relative to the project root
    -- (claude._lease_path writes it so; these keep direct writes honest).
    CONSTRAINT file_leases_path_is_not_blank CHECK (btrim(path) <> ''),
    CONSTRAINT file_leases_path_is_relative CHECK (path !~ '^(/|~|[A-Za-z]:[/\\])'),
    CONSTRAINT file_leases_path_has_no_dot_segments CHECK (path !~ '(^|/)\.\.?(/|$)'),
    CONSTRAINT file_leases_path_has_no_empty_segments CHECK (path !~ '//' AND path !~ '/$'),
    CONSTRAINT file_leases_path_has_no_control_characters CHECK (path !~ '[[:cntrl:]]'),
    CONSTRAINT file_leases_reason_is_not_blank CHECK (reason IS NULL OR btrim(reason) <> ''),
    CONSTRAINT file_leases_release_cause_is_known CHECK (release_cause IN ('released', 'session_ended')),
    CONSTRAINT file_leases_released_has_a_cause CHECK ((released_at IS NULL) = (release_cause IS NULL)),
    CONSTRAINT file_leases_renewed_is_after_acquired CHECK (renewed_at >= acquired_at),
    CONSTRAINT file_leases_released_is_after_acquired CHECK (released_at IS NULL OR released_at >= acquired_at),
    -- A TTL of 1 second to 1 day from the last acquisition or renewal.
    CONSTRAINT file_leases_ttl_is_1_second_to_1_day
        CHECK (expires_at > renewed_at AND expires_at <= renewed_at + interval '1 day')
);
-- One open lease per identity and path in a project: re-acquiring extends it.
CREATE UNIQUE INDEX file_leases_project_name_identity_id_path_open_idx
    ON claude.file_leases (project_name, identity_id, path) WHERE released_at IS NULL;
-- Conflict checks and the live_leases view: a project's open leases by expiry.
CREATE INDEX file_leases_project_name_expires_at_open_idx
    ON claude.file_leases (project_name, expires_at) WHERE released_at IS NULL;
CREATE INDEX file_leases_session_id_idx ON claude.file_leases (session_id);
CREATE INDEX file_leases_identity_id_idx ON claude.file_leases (identity_id);
COMMENT ON TABLE claude.file_leases IS 'File and path leases: globs of a project claimed by a session for a while, exclusively or shared. Live while released_at IS NULL and expires_at > now(); live leases of different identities never overlap unless both are shared.';
COMMENT ON COLUMN claude.file_leases.lease_id IS 'Primary key';
COMMENT ON COLUMN claude.file_leases.session_id IS 'The session that holds the lease (ending it releases the lease)';
COMMENT ON COLUMN claude.file_leases.identity_id IS 'The holder identity (the session''s identity)';
COMMENT ON COLUMN claude.file_leases.project_name IS 'The project whose root the path is relative to (the session''s project)';
COMMENT ON COLUMN claude.file_leases.path IS 'Normalised glob relative to the project root: * within a segment, ** across segments, ? one character (see claude._lease_path)';
COMMENT ON COLUMN claude.file_leases.exclusive IS 'true: nobody else may hold an overlapping lease; false: shared with other shared leases';
COMMENT ON COLUMN claude.file_leases.reason IS 'Why the path is held (up to 1,000 characters)';
COMMENT ON COLUMN claude.file_leases.acquired_at IS 'When the lease was first acquired';
COMMENT ON COLUMN claude.file_leases.renewed_at IS 'When it was last acquired again or renewed (the TTL counts from here)';
COMMENT ON COLUMN claude.file_leases.expires_at IS 'When it stops counting unless renewed (1 second to 1 day after renewed_at)';
COMMENT ON COLUMN claude.file_leases.released_at IS 'When it was released (NULL: not released)';
COMMENT ON COLUMN claude.file_leases.release_cause IS 'released (release_lease, release_leases) or session_ended (its session ended)';

-- One row per project that has had leases: acquisitions lock it (an upsert),
-- so that conflict checks of one project run one after the other under every
-- isolation level (under REPEATABLE READ the second writer gets 40001 instead
-- of deciding on a stale snapshot).
CREATE TABLE claude.file_lease_projects (
    project_name varchar(200) NOT NULL,
    generation   bigint       NOT NULL DEFAULT 0,
    changed_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT file_lease_projects_pkey PRIMARY KEY (project_name),
    CONSTRAINT file_lease_projects_project_name_fkey FOREIGN KEY (project_name)
        REFERENCES claude.projects (project_name) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT file_lease_projects_generation_is_not_negative CHECK (generation >= 0)
);
COMMENT ON TABLE claude.file_lease_projects IS 'The per-project lock of lease acquisitions: each acquisition updates its project''s row, so concurrent acquisitions of a project are decided one at a time.';
COMMENT ON COLUMN claude.file_lease_projects.project_name IS 'The project';
COMMENT ON COLUMN claude.file_lease_projects.generation IS 'How many times leases of the project were acquired or renewed';
COMMENT ON COLUMN claude.file_lease_projects.changed_at IS 'When the last acquisition or renewal happened';

-- Leases are a source of activity.
ALTER TABLE claude.activity_feed DROP CONSTRAINT activity_feed_source_type_is_known;
ALTER TABLE claude.activity_feed ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
    ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert', 'lease'));
ALTER TABLE claude.activity_feed_archive DROP CONSTRAINT activity_feed_source_type_is_known;
ALTER TABLE claude.activity_feed_archive ADD CONSTRAINT activity_feed_source_type_is_known CHECK (source_type IN
    ('session', 'message', 'job', 'test', 'feedback', 'commit', 'alert', 'lease'));
COMMENT ON COLUMN claude.activity_feed.source_type IS 'Source category: session, message, job, test, feedback, commit, alert, lease';
