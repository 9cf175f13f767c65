-- Activity rows for messages: message_sent on INSERT (urgent ones as a
-- warning), message_read and message_acknowledged when a direct message's
-- status moves there.  Broadcast reads and acknowledgements are logged by
-- the message_receipts trigger.  Expiry is not logged (it is bulk maintenance).
CREATE OR REPLACE FUNCTION claude.tg_messages__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_sender    record;  -- o_identity_name and o_project_name of the sending session
    v_recipient claude.identities.identity_name%TYPE;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.status = OLD.status OR NEW.status NOT IN ('read', 'acknowledged')) THEN
        RETURN NULL;
    END IF;
    v_sender := claude._session_names(NEW.from_session_id);
    IF NEW.to_project IS NULL THEN
        v_recipient := (claude._session_names(NEW.to_session_id)).o_identity_name;
    END IF;

    IF TG_OP = 'INSERT' THEN
        PERFORM claude._insert_activity('message', NEW.message_id, v_sender.o_identity_name, 'message_sent',
                format('%s -> %s: %s', v_sender.o_identity_name, coalesce('project ' || NEW.to_project, v_recipient), NEW.subject),
                format('%s %s message', NEW.priority, NEW.message_type),
                coalesce(NEW.to_project, v_sender.o_project_name),
                CASE WHEN NEW.priority = 'urgent' THEN 'warning' ELSE 'info' END);
    ELSE
        PERFORM claude._insert_activity('message', NEW.message_id, v_recipient, 'message_' || NEW.status,
                format('%s %s the message of %s: %s', v_recipient, NEW.status, v_sender.o_identity_name, NEW.subject),
                NULL,
                v_sender.o_project_name,
                CASE NEW.status WHEN 'acknowledged' THEN 'success' ELSE 'info' END);
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_messages__log_activity() IS 'Trigger: activity rows message_sent (INSERT), message_read and message_acknowledged (direct messages; broadcasts via message_receipts).';
REVOKE ALL ON FUNCTION claude.tg_messages__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
AFTER INSERT OR UPDATE OF status ON claude.messages
FOR EACH ROW EXECUTE FUNCTION claude.tg_messages__log_activity();
