-- Back to notifying channel claude_activity once per transaction that adds activity rows.
CREATE OR REPLACE FUNCTION claude.tg_activity_feed__notify()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    PERFORM pg_notify('claude_activity', '');
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_activity_feed__notify() IS 'Trigger (per statement): pg_notify(''claude_activity'', '''') after activity rows are added; one notification per transaction.';
REVOKE ALL ON FUNCTION claude.tg_activity_feed__notify() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_notify
    AFTER INSERT ON claude.activity_feed
    FOR EACH STATEMENT EXECUTE FUNCTION claude.tg_activity_feed__notify();
