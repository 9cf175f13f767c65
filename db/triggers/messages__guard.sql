-- Message rules a CHECK cannot express.  A message is born pending, from an
-- active sender; what was sent (sender, recipient session, type, subject,
-- body, reply) never changes; the status moves one way only
--   pending -> read -> acknowledged,  pending -> acknowledged,
--   pending/read -> expired,  nothing out of acknowledged or expired;
-- an expired message (expires_at <= now()) cannot be read or acknowledged;
-- read_at and acknowledged_at are set once, with their status.  Broadcasts
-- keep per-reader state in message_receipts (CHECK
-- messages_broadcast_state_lives_in_receipts).  priority, metadata,
-- to_project (ON UPDATE CASCADE from projects) and the time columns
-- created_at / expires_at stay writable by the owner.
CREATE OR REPLACE FUNCTION claude.tg_messages__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_session_end timestamptz;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'pending' THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = format('a new message starts pending, not %L', NEW.status),
                HINT = 'Insert it pending; reading and acknowledging come later.';
        END IF;
        SELECT s.session_end INTO v_session_end
          FROM claude.sessions s WHERE s.session_id = NEW.from_session_id;
        PERFORM claude._refuse_ended_session(NEW.from_session_id, v_session_end, 'send',
            'Send from the identity''s current (active) session.', 'sender session');
        RETURN NEW;  -- an unknown sender fails on the foreign key
    END IF;

    IF (NEW.message_id, NEW.from_session_id, NEW.to_session_id, NEW.message_type,
        NEW.subject, NEW.body, NEW.in_reply_to)
       IS DISTINCT FROM
       (OLD.message_id, OLD.from_session_id, OLD.to_session_id, OLD.message_type,
        OLD.subject, OLD.body, OLD.in_reply_to) THEN
        PERFORM claude._refuse_change(format('message %s was sent; its sender, recipient, type, subject, body and reply cannot change', OLD.message_id),
            'Send a new message (in_reply_to => this one) instead.');
    END IF;

    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT ((OLD.status = 'pending' AND NEW.status IN ('read', 'acknowledged', 'expired'))
             OR (OLD.status = 'read' AND NEW.status IN ('acknowledged', 'expired'))) THEN
            PERFORM claude._refuse_change(format('message %s cannot go from %L to %L', OLD.message_id, OLD.status, NEW.status),
                'Status moves one way: pending -> read -> acknowledged, or pending/read -> expired.');
        END IF;
        IF NEW.status IN ('read', 'acknowledged') AND NEW.expires_at <= now() THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = format('message %s expired at %s and cannot be %s', OLD.message_id, NEW.expires_at, NEW.status),
                HINT = 'Expired messages are ignored; ask the sender to send it again if it still matters.';
        END IF;
    END IF;

    IF OLD.read_at IS NOT NULL AND NEW.read_at IS DISTINCT FROM OLD.read_at
       OR OLD.read_at IS NULL AND NEW.read_at IS NOT NULL AND NOT (OLD.status = 'pending' AND NEW.status IN ('read', 'acknowledged')) THEN
        PERFORM claude._refuse_change(format('read_at of message %s is set once, when it is read', OLD.message_id),
            'Use mark_message_read / acknowledge_message.');
    END IF;
    IF OLD.acknowledged_at IS NOT NULL AND NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at
       OR OLD.acknowledged_at IS NULL AND NEW.acknowledged_at IS NOT NULL AND NOT (OLD.status <> 'acknowledged' AND NEW.status = 'acknowledged') THEN
        PERFORM claude._refuse_change(format('acknowledged_at of message %s is set once, when it is acknowledged', OLD.message_id),
            'Use acknowledge_message.');
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_messages__guard() IS 'Trigger: messages start pending from an active sender, their content is immutable, status moves one way (pending -> read -> acknowledged, pending/read -> expired), no reading after expiry, read_at/acknowledged_at set once (55000).';
REVOKE ALL ON FUNCTION claude.tg_messages__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
BEFORE INSERT OR UPDATE ON claude.messages
FOR EACH ROW EXECUTE FUNCTION claude.tg_messages__guard();
