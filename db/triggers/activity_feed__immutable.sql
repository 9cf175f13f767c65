-- activity_feed rows are immutable: UPDATE, DELETE and TRUNCATE fail, except
-- DELETE inside claude.archive_activity, the retention function.  The archive
-- (activity_feed_archive) uses the same function, with no exception at all.  It sets the
-- transaction-local setting claude.activity_retention = 'on' around its own
-- DELETE and clears it again; nothing else should set it.
CREATE OR REPLACE FUNCTION claude.tg_activity_feed__immutable()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_TABLE_NAME = 'activity_feed' AND TG_OP = 'DELETE'
       AND coalesce(current_setting('claude.activity_retention', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    PERFORM claude._refuse_change(format('%s is immutable: %s is not allowed', TG_TABLE_NAME, TG_OP),
        CASE TG_TABLE_NAME
            WHEN 'activity_feed' THEN 'Activity entries are never changed; old ones leave only through claude.archive_activity(older_than => ...).'
            ELSE 'Archived activity entries are kept as they were; read them, do not change them.'
        END);
END;
$$;
COMMENT ON FUNCTION claude.tg_activity_feed__immutable() IS 'Trigger: activity_feed and activity_feed_archive rows cannot be updated, deleted or truncated (55000); only claude.archive_activity deletes from the feed.';
REVOKE ALL ON FUNCTION claude.tg_activity_feed__immutable() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_immutable
    BEFORE UPDATE OR DELETE ON claude.activity_feed
    FOR EACH ROW EXECUTE FUNCTION claude.tg_activity_feed__immutable();
CREATE OR REPLACE TRIGGER _100_immutable_truncate
    BEFORE TRUNCATE ON claude.activity_feed
    FOR EACH STATEMENT EXECUTE FUNCTION claude.tg_activity_feed__immutable();

CREATE OR REPLACE TRIGGER _100_immutable
    BEFORE UPDATE OR DELETE ON claude.activity_feed_archive
    FOR EACH ROW EXECUTE FUNCTION claude.tg_activity_feed__immutable();
CREATE OR REPLACE TRIGGER _100_immutable_truncate
    BEFORE TRUNCATE ON claude.activity_feed_archive
    FOR EACH STATEMENT EXECUTE FUNCTION claude.tg_activity_feed__immutable();
