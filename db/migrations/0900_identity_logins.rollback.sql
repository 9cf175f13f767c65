-- The role claude_overseer is cluster-wide and stays (another database may use it).
-- Views and functions that show the new columns are re-created by the next migrate.
-- Every view that shows one of the new columns (inbox, urgent_unread_messages,
-- recent_activity, and any a later feature added) goes first.
DO $$
DECLARE
    v text;
BEGIN
    FOR v IN
        SELECT DISTINCT r.ev_class::regclass::text
          FROM pg_depend d
          JOIN pg_rewrite r ON r.oid = d.objid
          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_rewrite'::regclass
           AND d.refobjid IN ('claude.messages'::regclass, 'claude.activity_feed'::regclass,
                              'claude.activity_feed_archive'::regclass, 'claude.identities'::regclass)
           AND a.attname IN ('sent_by_login', 'from_overseer', 'caused_by_login', 'login_role')
           AND r.ev_class NOT IN ('claude.messages'::regclass, 'claude.activity_feed'::regclass,
                                  'claude.activity_feed_archive'::regclass, 'claude.identities'::regclass)
    LOOP
        EXECUTE format('DROP VIEW IF EXISTS %s CASCADE', v);
    END LOOP;
END $$;
DROP TRIGGER IF EXISTS _050_record_login ON claude.messages;
DROP TRIGGER IF EXISTS _050_record_login ON claude.activity_feed;
ALTER TABLE claude.activity_feed_archive DROP COLUMN IF EXISTS caused_by_login;
ALTER TABLE claude.activity_feed DROP COLUMN IF EXISTS caused_by_login;
ALTER TABLE claude.messages DROP COLUMN IF EXISTS from_overseer;
ALTER TABLE claude.messages DROP COLUMN IF EXISTS sent_by_login;
DROP INDEX IF EXISTS claude.identities_login_role_idx;
ALTER TABLE claude.identities DROP CONSTRAINT IF EXISTS identities_login_role_is_not_blank;
ALTER TABLE claude.identities DROP COLUMN IF EXISTS login_role;
