-- Private helper: lock a knowledge entry for a change and return it.
-- FOR UPDATE serialises concurrent apply_knowledge/update_knowledge calls:
-- the second caller waits, then reads the first one's result.
CREATE OR REPLACE FUNCTION claude._lock_knowledge(p_knowledge_id uuid)
RETURNS claude.knowledge
LANGUAGE plpgsql
AS $$
DECLARE
    v claude.knowledge;
BEGIN
    SELECT * INTO v FROM claude.knowledge k WHERE k.knowledge_id = p_knowledge_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('unknown knowledge %s', p_knowledge_id),
            HINT = 'Pass a knowledge_id from record_knowledge or search_knowledge.';
    END IF;
    RETURN v;
END;
$$;
COMMENT ON FUNCTION claude._lock_knowledge(uuid) IS 'Private: lock a knowledge entry FOR UPDATE and return it; P0002 unknown id.';
REVOKE ALL ON FUNCTION claude._lock_knowledge(uuid) FROM PUBLIC;
