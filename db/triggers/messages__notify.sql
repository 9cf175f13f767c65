-- Push instead of poll: new messages raise ONE notification per transaction on
-- channel claude_messages, when it commits (docs/RULES.md, "A notification for
-- every new message").  Each new row is noted in a transaction-local setting
-- (claude.notify_messages) by _800_notify; the deferred _810_notify_at_commit
-- sends the note once at commit (its first firing sends and clears, the others
-- find it empty). A single message keeps its small payload {message_id,
-- to_session_id + to_identity_id | to_project, priority}; several share one:
-- {"count": n, "messages": [the first 20 of those objects]}.  to_identity_id
-- lets a client listen for its identity, since mail sent to an earlier session
-- of the identity is still its mail.
CREATE OR REPLACE FUNCTION claude.tg_messages__notify()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_note jsonb;
    v_entry jsonb;
    v_text text;
BEGIN
    v_text := current_setting('claude.notify_messages', true);
    IF TG_NAME = '_810_notify_at_commit' THEN
        IF coalesce(v_text, '') <> '' THEN
            v_note := v_text::jsonb;
            PERFORM set_config('claude.notify_messages', '', true);
            IF (v_note ->> 'count')::integer = 1 THEN
                PERFORM pg_notify('claude_messages', (v_note -> 'messages' -> 0)::text);
            ELSE
                PERFORM pg_notify('claude_messages', v_note::text);
            END IF;
        END IF;
        RETURN NULL;
    END IF;

    IF NEW.to_project IS NOT NULL THEN
        v_entry := jsonb_build_object('message_id', NEW.message_id, 'to_project', NEW.to_project,
                                      'priority', NEW.priority);
    ELSE
        v_entry := jsonb_build_object('message_id', NEW.message_id, 'to_session_id', NEW.to_session_id,
                                      'to_identity_id', claude._session_identity(NEW.to_session_id, NULL),
                                      'priority', NEW.priority);
    END IF;
    IF coalesce(v_text, '') = '' THEN
        v_note := jsonb_build_object('count', 1, 'messages', jsonb_build_array(v_entry));
    ELSE
        v_note := v_text::jsonb;
        v_note := jsonb_set(v_note, '{count}', to_jsonb((v_note ->> 'count')::integer + 1));
        IF jsonb_array_length(v_note -> 'messages') < 20 THEN  -- the payload stays far below 8000 bytes
            v_note := jsonb_set(v_note, '{messages}', (v_note -> 'messages') || v_entry);
        END IF;
    END IF;
    PERFORM set_config('claude.notify_messages', v_note::text, true);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_messages__notify() IS 'Trigger: one pg_notify(''claude_messages'', ...) per transaction for its new messages, at commit: {message_id, to_session_id + to_identity_id | to_project, priority} for one message, {"count": n, "messages": [the first 20 such objects]} for several.';
REVOKE ALL ON FUNCTION claude.tg_messages__notify() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _800_notify
AFTER INSERT ON claude.messages
FOR EACH ROW EXECUTE FUNCTION claude.tg_messages__notify();

DROP TRIGGER IF EXISTS _810_notify_at_commit ON claude.messages;
CREATE CONSTRAINT TRIGGER _810_notify_at_commit
AFTER INSERT ON claude.messages
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION claude.tg_messages__notify();
