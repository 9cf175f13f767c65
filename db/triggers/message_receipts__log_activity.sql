-- Activity rows for broadcasts, one per reader identity: message_read when
-- a receipt is created read, message_acknowledged when it becomes (or is
-- created) acknowledged.
CREATE OR REPLACE FUNCTION claude.tg_message_receipts__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_reader  claude.identities.identity_name%TYPE;
    v_sender  claude.identities.identity_name%TYPE;
    v_project claude.messages.to_project%TYPE;
    v_subject claude.messages.subject%TYPE;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    v_reader := claude._identity_name(NEW.identity_id);
    SELECT i.identity_name, m.to_project, m.subject INTO v_sender, v_project, v_subject
      FROM claude.messages m
      JOIN claude.sessions s ON s.session_id = m.from_session_id
      JOIN claude.identities i ON i.identity_id = s.identity_id
     WHERE m.message_id = NEW.message_id;
    PERFORM claude._insert_activity('message', NEW.message_id, v_reader, 'message_' || NEW.status,
            format('%s %s the broadcast of %s: %s', v_reader, NEW.status, v_sender, v_subject),
            NULL,
            v_project,
            CASE NEW.status WHEN 'acknowledged' THEN 'success' ELSE 'info' END);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_message_receipts__log_activity() IS 'Trigger: activity rows message_read / message_acknowledged for each reader identity of a broadcast.';
REVOKE ALL ON FUNCTION claude.tg_message_receipts__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
AFTER INSERT OR UPDATE OF status ON claude.message_receipts
FOR EACH ROW EXECUTE FUNCTION claude.tg_message_receipts__log_activity();
