-- Who sent a message is filled by the database, never taken from an
-- argument (docs/RULES.md, "Identity from the connection"): sent_by_login is session_user (the column default;
-- any other value is refused) and from_overseer is whether that login is a
-- human overseer (claude._login_is_overseer: true is refused for anyone
-- else, and an overseer's message is always marked).  Neither changes later.
CREATE OR REPLACE FUNCTION claude.tg_messages__record_login()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_overseer boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.sent_by_login IS DISTINCT FROM OLD.sent_by_login
           OR NEW.from_overseer IS DISTINCT FROM OLD.from_overseer THEN
            PERFORM claude._refuse_change(format('sent_by_login and from_overseer of message %s never change', OLD.message_id),
                'They record who sent the message.');
        END IF;
        RETURN NEW;
    END IF;
    PERFORM claude._check_acting_login('sent_by_login', NEW.sent_by_login, 'sending');
    v_overseer := claude._login_is_overseer();
    IF NEW.from_overseer AND NOT v_overseer THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = format('login %I is not a human overseer: from_overseer cannot be true', session_user),
            HINT = 'Leave from_overseer out: the database sets it for members of claude_overseer.';
    END IF;
    NEW.from_overseer := v_overseer;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_messages__record_login() IS 'Trigger: a new message records its login (sent_by_login = session_user, 23514 otherwise) and from_overseer (set for members of claude_overseer, 23514 when claimed by anyone else); neither changes later (55000).';
REVOKE ALL ON FUNCTION claude.tg_messages__record_login() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _050_record_login
BEFORE INSERT OR UPDATE OF sent_by_login, from_overseer ON claude.messages
FOR EACH ROW EXECUTE FUNCTION claude.tg_messages__record_login();
