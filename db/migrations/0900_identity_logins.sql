-- depends: 0001_schema
-- Identity from the connection (docs/RULES.md, "Identity from the connection"): an identity may be bound to a
-- PostgreSQL LOGIN role; every message and activity row records the login
-- that caused it; messages from members of claude_overseer (people) are
-- marked.  The rules are enforced by db/functions/_authorize_identity.sql,
-- _authorize_session.sql and the triggers messages__record_login and
-- activity_feed__record_login.

-- Human overseers: a NOLOGIN group role; people get LOGIN roles in it
-- (`claude-gateway overseer add NAME`).  Overseers use the API as agents do.
DO $$
BEGIN
    CREATE ROLE claude_overseer NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
-- Only when missing (db/roles.sql, re-applied before every migration, grants it
-- too): from PostgreSQL 16 on, granting a membership needs the ADMIN OPTION,
-- which a managed server's owner of a second database lacks.
DO $$
BEGIN
    IF NOT pg_has_role('claude_overseer', 'claude_agent', 'MEMBER') THEN
        GRANT claude_agent TO claude_overseer;
    END IF;
END $$;
GRANT USAGE ON SCHEMA claude TO claude_overseer;

-- One login per identity (a column), one identity per login (a unique index).
-- A role name, not an oid, so that DROP ROLE needs nothing from this schema;
-- `claude-gateway agent remove` unbinds before it drops the login.
ALTER TABLE claude.identities ADD COLUMN login_role name;
ALTER TABLE claude.identities ADD CONSTRAINT identities_login_role_is_not_blank
    CHECK (login_role IS NULL OR btrim(login_role::text) <> '');
CREATE UNIQUE INDEX identities_login_role_idx ON claude.identities (login_role)
    WHERE login_role IS NOT NULL;
COMMENT ON COLUMN claude.identities.login_role IS 'The PostgreSQL LOGIN role bound to this identity (claude.bind_identity): only that login (or a claude_admin member) may act as it. NULL: unbound, any unbound login may act as it';

-- The login that caused each row.  Rows written before this migration keep
-- NULL (unknown); new rows get session_user from the default, and the
-- triggers refuse any other value.  Text, not a reference to pg_authid: the
-- record outlives a dropped login.
ALTER TABLE claude.messages ADD COLUMN sent_by_login text;
ALTER TABLE claude.messages ALTER COLUMN sent_by_login SET DEFAULT session_user;
ALTER TABLE claude.messages ADD COLUMN from_overseer boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN claude.messages.sent_by_login IS 'The PostgreSQL login (session_user) that sent the message, filled by the database (NULL: sent before logins were recorded)';
COMMENT ON COLUMN claude.messages.from_overseer IS 'True when the sending login is a member of claude_overseer (a human overseer); set by the database only';

ALTER TABLE claude.activity_feed ADD COLUMN caused_by_login text;
ALTER TABLE claude.activity_feed ALTER COLUMN caused_by_login SET DEFAULT session_user;
COMMENT ON COLUMN claude.activity_feed.caused_by_login IS 'The PostgreSQL login (session_user) whose statement wrote this entry, filled by the database (NULL: written before logins were recorded)';
ALTER TABLE claude.activity_feed_archive ADD COLUMN caused_by_login text;
COMMENT ON COLUMN claude.activity_feed_archive.caused_by_login IS 'The PostgreSQL login that caused the entry (copied from activity_feed)';
