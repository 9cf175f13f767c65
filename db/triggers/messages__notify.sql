-- Push instead of poll: every new message raises a notification on channel
-- claude_messages (delivered when the sending transaction commits) with a
-- small JSON payload.  to_identity_id lets a client listen for its identity,
-- since mail sent to an earlier session of the identity is still its mail.
CREATE OR REPLACE FUNCTION claude.tg_messages__notify()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v_payload jsonb;
BEGIN
    IF NEW.to_project IS NOT NULL THEN
        v_payload := jsonb_build_object('message_id', NEW.message_id, 'to_project', NEW.to_project,
                                        'priority', NEW.priority);
    ELSE
        v_payload := jsonb_build_object('message_id', NEW.message_id, 'to_session_id', NEW.to_session_id,
                                        'to_identity_id', (SELECT s.identity_id FROM claude.sessions s
                                                            WHERE s.session_id = NEW.to_session_id),
                                        'priority', NEW.priority);
    END IF;
    PERFORM pg_notify('claude_messages', v_payload::text);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_messages__notify() IS 'Trigger: pg_notify(''claude_messages'', {message_id, to_session_id + to_identity_id | to_project, priority}) for every new message.';
REVOKE ALL ON FUNCTION claude.tg_messages__notify() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _800_notify
AFTER INSERT ON claude.messages
FOR EACH ROW EXECUTE FUNCTION claude.tg_messages__notify();
