CREATE OR REPLACE FUNCTION claude.get_message_thread(message_id uuid)
RETURNS SETOF claude.messages
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_root uuid;
BEGIN
    IF get_message_thread.message_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'message_id is required',
            HINT = 'Pass the id of any message of the thread.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM claude.messages m WHERE m.message_id = get_message_thread.message_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('message %s does not exist', get_message_thread.message_id),
            HINT = 'Pass the id of any message of the thread.';
    END IF;

    -- Up to the root (in_reply_to is immutable and points to an older
    -- message, so the chain ends; CYCLE guards against hand-edited data) ...
    WITH RECURSIVE up AS (
        SELECT m.message_id AS id, m.in_reply_to AS parent, 0 AS depth
          FROM claude.messages m
         WHERE m.message_id = get_message_thread.message_id
        UNION ALL
        SELECT m.message_id, m.in_reply_to, up.depth + 1
          FROM up JOIN claude.messages m ON m.message_id = up.parent
    ) CYCLE id SET is_cycle USING path
    SELECT up.id INTO v_root FROM up WHERE NOT up.is_cycle ORDER BY up.depth DESC LIMIT 1;

    -- ... then every reply below it.
    RETURN QUERY
    WITH RECURSIVE down AS (
        SELECT m.message_id AS id, 0 AS depth
          FROM claude.messages m
         WHERE m.message_id = v_root
        UNION ALL
        SELECT m.message_id, down.depth + 1
          FROM down JOIN claude.messages m ON m.in_reply_to = down.id
    ) CYCLE id SET is_cycle USING path
    SELECT m.*
      FROM down JOIN claude.messages m ON m.message_id = down.id
     WHERE NOT down.is_cycle
     ORDER BY down.depth = 0 DESC, m.created_at, down.depth, m.message_id;
END;
$$;
COMMENT ON FUNCTION claude.get_message_thread(uuid) IS
'Return the whole thread a message belongs to (whatever the status of its messages): the root message first, then every reply (in_reply_to, at any depth) by created_at. '
'message_id: any message of the thread (P0002 unknown, 22023 NULL).';
REVOKE ALL ON FUNCTION claude.get_message_thread(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.get_message_thread(uuid) TO claude_agent;
