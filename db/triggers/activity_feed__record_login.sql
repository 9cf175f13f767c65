-- The login that caused an activity entry is filled by the database, never
-- taken from an argument (docs/RULES.md, "Identity from the connection"): caused_by_login is session_user (the
-- column default); any other value is refused.  Entries are immutable
-- (activity_feed__immutable), so it never changes.
CREATE OR REPLACE FUNCTION claude.tg_activity_feed__record_login()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM claude._check_acting_login('caused_by_login', NEW.caused_by_login, 'acting');
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_activity_feed__record_login() IS 'Trigger: a new activity entry records the login that caused it (caused_by_login = session_user; 23514 otherwise).';
REVOKE ALL ON FUNCTION claude.tg_activity_feed__record_login() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _050_record_login
BEFORE INSERT ON claude.activity_feed
FOR EACH ROW EXECUTE FUNCTION claude.tg_activity_feed__record_login();
