CREATE OR REPLACE FUNCTION claude.link_knowledge(knowledge_id uuid, related_knowledge_id uuid)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v_missing uuid;
BEGIN
    IF link_knowledge.knowledge_id IS NULL OR link_knowledge.related_knowledge_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'both knowledge_id and related_knowledge_id are required',
            HINT = 'Pass two knowledge ids.';
    END IF;
    IF link_knowledge.knowledge_id = link_knowledge.related_knowledge_id THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('knowledge %s cannot be related to itself', link_knowledge.knowledge_id),
            HINT = 'Pass two different knowledge ids.';
    END IF;
    -- Lock both rows in a fixed order, so concurrent links never deadlock.
    PERFORM 1 FROM claude.knowledge k
      WHERE k.knowledge_id IN (link_knowledge.knowledge_id, link_knowledge.related_knowledge_id)
      ORDER BY k.knowledge_id FOR UPDATE;
    SELECT x.id INTO v_missing
      FROM unnest(ARRAY[link_knowledge.knowledge_id, link_knowledge.related_knowledge_id]) AS x(id)
     WHERE NOT EXISTS (SELECT 1 FROM claude.knowledge k WHERE k.knowledge_id = x.id)
     LIMIT 1;
    IF v_missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = format('unknown knowledge %s', v_missing),
            HINT = 'Pass knowledge ids from record_knowledge or search_knowledge.';
    END IF;
    -- One side is enough: the _500_mirror_related trigger adds the other.
    UPDATE claude.knowledge k
       SET related_knowledge = array_append(k.related_knowledge, link_knowledge.related_knowledge_id)
     WHERE k.knowledge_id = link_knowledge.knowledge_id
       AND NOT link_knowledge.related_knowledge_id = ANY (k.related_knowledge);
END;
$$;
COMMENT ON FUNCTION claude.link_knowledge(uuid, uuid) IS
'Link two knowledge entries as related, in both directions (idempotent: linking again changes nothing).
Parameters:
- knowledge_id: one knowledge entry (P0002 unknown).
- related_knowledge_id: the other entry (P0002 unknown; 22023 the same entry).
Errors: P0002 either entry unknown; 22023 an entry linked to itself or a NULL id.';
REVOKE ALL ON FUNCTION claude.link_knowledge(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.link_knowledge(uuid, uuid) TO claude_agent;
