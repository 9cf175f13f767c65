CREATE OR REPLACE FUNCTION claude.record_knowledge(
    title text,
    description text,
    knowledge_type text,
    applies_to_projects text[] DEFAULT '{}',
    confidence_level integer DEFAULT 5,
    learned_by_identity_id uuid DEFAULT NULL,
    code_example text DEFAULT NULL,
    knowledge_category text DEFAULT NULL,
    applies_to_platforms text[] DEFAULT '{}',
    idempotency_key text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_first uuid;
    v_projects text[] := coalesce(record_knowledge.applies_to_projects, '{}');
    v_platforms text[] := coalesce(record_knowledge.applies_to_platforms, '{}');
    v_id uuid;
BEGIN
    PERFORM claude._check_idempotency_key(record_knowledge.idempotency_key);
    -- docs/BOUNDS.md: the bounds of every argument before any other work
    -- (_validate_knowledge checks the others' before its rules).
    PERFORM claude._check_length('code_example', record_knowledge.code_example, 65536, 'A code example is at most 65,536 characters.');
    PERFORM claude._authorize_identity(record_knowledge.learned_by_identity_id);
    v_first := claude._idempotent_begin('record_knowledge', record_knowledge.idempotency_key);
    IF v_first IS NOT NULL THEN
        RETURN v_first;  -- the same key again: the first call's result
    END IF;
    PERFORM claude._validate_knowledge(record_knowledge.title, record_knowledge.description,
        record_knowledge.knowledge_type, record_knowledge.knowledge_category,
        v_projects, v_platforms, record_knowledge.confidence_level);
    IF record_knowledge.learned_by_identity_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM claude.identities i WHERE i.identity_id = record_knowledge.learned_by_identity_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('unknown identity %s', record_knowledge.learned_by_identity_id),
            HINT = 'Pass an identity_id from register_identity, or NULL.';
    END IF;
    INSERT INTO claude.knowledge (title, description, knowledge_type, knowledge_category, applies_to_projects,
                                  applies_to_platforms, confidence_level, learned_by_identity_id, code_example)
    VALUES (record_knowledge.title, record_knowledge.description, record_knowledge.knowledge_type,
            nullif(btrim(record_knowledge.knowledge_category), ''), v_projects, v_platforms,
            record_knowledge.confidence_level, record_knowledge.learned_by_identity_id, record_knowledge.code_example)
    RETURNING knowledge_id INTO v_id;
    v_first := v_id;
    PERFORM claude._idempotent_end('record_knowledge', record_knowledge.idempotency_key, v_first);
    RETURN v_first;
END;
$$;
COMMENT ON FUNCTION claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[], text) IS
'Record a new piece of knowledge; returns its knowledge_id (times_applied and times_failed start at 0).
title (up to 200 characters) and description (up to 65,536) are required (not blank); knowledge_type is a knowledge type.
applies_to_projects and
applies_to_platforms: empty (default) means all; at most 100 names each (projects up to 200 characters, platforms up to 50). confidence_level 1..10 (default 5). learned_by_identity_id:
who learned it. code_example: a snippet (searched too, up to 65,536 characters). knowledge_category: a sub-category (up to 100).
Errors: 22023 blank title/description (only white space, control or zero-width characters), unknown type, confidence
outside 1..10, empty names (or project names with control or zero-width characters) in the lists; 22001 a text or list
over its limit; P0002 unknown identity.
idempotency_key (optional, at most 200 characters): a key unique to this request, e.g. a UUID; a call with a key already used returns the first call''s id and creates nothing (a retry after a lost reply is not applied twice; concurrent calls with one key wait for the first).';
REVOKE ALL ON FUNCTION claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[], text) TO claude_agent;
