-- A session start is activity of its identity, whichever path wrote it.
CREATE OR REPLACE FUNCTION claude.tg_sessions__touch_identity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE claude.identities i
       SET last_active_at = greatest(i.last_active_at, NEW.session_start)
     WHERE i.identity_id = NEW.identity_id;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_sessions__touch_identity() IS 'Trigger: a new session updates identities.last_active_at of its identity.';
REVOKE ALL ON FUNCTION claude.tg_sessions__touch_identity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _500_touch_identity
    AFTER INSERT ON claude.sessions
    FOR EACH ROW EXECUTE FUNCTION claude.tg_sessions__touch_identity();
