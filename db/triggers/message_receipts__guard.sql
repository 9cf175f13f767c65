-- Receipt rules a CHECK cannot express: a receipt belongs to a broadcast
-- that has not expired, and to the identity of the session that wrote it;
-- per reader the state moves one way (read -> acknowledged, or straight to
-- acknowledged), read_at and acknowledged_at are set once, and the message
-- and reader identity of a receipt never change.
CREATE OR REPLACE FUNCTION claude.tg_message_receipts__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_to_project claude.messages.to_project%TYPE;
    v_status     claude.messages.status%TYPE;
    v_expires_at timestamptz;
    v_identity   uuid;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (NEW.message_id, NEW.identity_id) IS DISTINCT FROM (OLD.message_id, OLD.identity_id) THEN
            PERFORM claude._refuse_change(format('the receipt of message %s by identity %s cannot be moved', OLD.message_id, OLD.identity_id),
                'Each reader identity has its own receipt.');
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'read' AND NEW.status = 'acknowledged') THEN
            PERFORM claude._refuse_change(format('receipt of message %s by identity %s cannot go from %L to %L',
                                                 OLD.message_id, OLD.identity_id, OLD.status, NEW.status),
                'A reader''s state moves one way: read -> acknowledged.');
        END IF;
        IF NEW.read_at IS DISTINCT FROM OLD.read_at AND OLD.read_at IS NOT NULL
           OR NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at AND OLD.acknowledged_at IS NOT NULL THEN
            PERFORM claude._refuse_change(format('read_at and acknowledged_at of the receipt of message %s by identity %s are set once',
                                                 OLD.message_id, OLD.identity_id),
                'Use mark_message_read / acknowledge_message.');
        END IF;
        IF NEW.acknowledged_at IS NOT NULL AND NEW.status <> 'acknowledged' THEN
            PERFORM claude._refuse_change(format('receipt of message %s by identity %s has acknowledged_at but is %L', OLD.message_id, OLD.identity_id, NEW.status),
                'acknowledged_at is set with status acknowledged.');
        END IF;
        IF NEW.status = OLD.status AND NEW.session_id IS NOT DISTINCT FROM OLD.session_id THEN
            RETURN NEW;  -- nothing about the reader's state changed
        END IF;
    END IF;

    SELECT m.to_project, m.status, m.expires_at INTO v_to_project, v_status, v_expires_at
      FROM claude.messages m WHERE m.message_id = NEW.message_id;
    IF FOUND AND v_to_project IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('message %s is a direct message: its state lives on the message, not in receipts', NEW.message_id),
            HINT = 'Only broadcasts have receipts.';
    END IF;
    IF v_status = 'expired' OR v_expires_at <= now() THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('message %s expired at %s and cannot be %s', NEW.message_id, v_expires_at, NEW.status),
            HINT = 'Expired messages are ignored.';
    END IF;
    v_identity := claude._session_identity(NEW.session_id, NULL);
    IF v_identity <> NEW.identity_id THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('session %s belongs to identity %s, not to the receipt''s identity %s', NEW.session_id, v_identity, NEW.identity_id),
            HINT = 'A receipt records a session of its own reader identity.';
    END IF;
    RETURN NEW;  -- unknown message or session: the foreign keys say so
END;
$$;
COMMENT ON FUNCTION claude.tg_message_receipts__guard() IS 'Trigger: receipts only for unexpired broadcasts, by a session of the receipt''s identity; read -> acknowledged one way; read_at/acknowledged_at set once (55000).';
REVOKE ALL ON FUNCTION claude.tg_message_receipts__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
BEFORE INSERT OR UPDATE ON claude.message_receipts
FOR EACH ROW EXECUTE FUNCTION claude.tg_message_receipts__guard();
