-- The archive is where activity entries rest after retention: like the feed,
-- its rows are never changed or removed.
CREATE OR REPLACE FUNCTION claude.tg_activity_feed_archive__immutable()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '55000',
        MESSAGE = format('activity_feed_archive is immutable: %s is not allowed', TG_OP),
        HINT = 'Archived activity entries are kept as they were; read them, do not change them.';
END;
$$;
COMMENT ON FUNCTION claude.tg_activity_feed_archive__immutable() IS 'Trigger: activity_feed_archive rows cannot be updated, deleted or truncated (55000).';
REVOKE ALL ON FUNCTION claude.tg_activity_feed_archive__immutable() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_immutable
    BEFORE UPDATE OR DELETE ON claude.activity_feed_archive
    FOR EACH ROW EXECUTE FUNCTION claude.tg_activity_feed_archive__immutable();
CREATE OR REPLACE TRIGGER _100_immutable_truncate
    BEFORE TRUNCATE ON claude.activity_feed_archive
    FOR EACH STATEMENT EXECUTE FUNCTION claude.tg_activity_feed_archive__immutable();
