-- One PL/pgSQL function, although its API parameter is named "limit" (a
-- reserved word, so PL/pgSQL reads it only qualified, search_knowledge."limit"):
-- the plpgsql_check gate lists that finding as a documented exception
-- (db/tests/lint/plpgsql_check.sql).
CREATE OR REPLACE FUNCTION claude.search_knowledge(
    project_name text DEFAULT NULL,
    knowledge_type text DEFAULT NULL,
    search_text text DEFAULT NULL,
    min_confidence integer DEFAULT 5,
    "limit" integer DEFAULT 20
)
RETURNS SETOF claude.knowledge_search_result
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, claude, pg_temp
AS $$
DECLARE
    v_query tsquery;
    v_min integer := coalesce(search_knowledge.min_confidence, 1);
    v_limit integer := coalesce(search_knowledge."limit", 20);
BEGIN
    IF search_knowledge.knowledge_type IS NOT NULL THEN
        PERFORM claude._check_one_of('knowledge_type', search_knowledge.knowledge_type, claude._knowledge_types(),
                                     'or NULL for every type');
    END IF;
    IF v_min NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('min_confidence must be 1..10, not %s', v_min),
            HINT = 'Pass 1 to see everything (default 5).';
    END IF;
    IF v_limit <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('limit must be positive, not %s', v_limit),
            HINT = 'Pass how many entries you want (default 20).';
    END IF;
    -- The user's text only ever becomes a tsquery value: websearch syntax
    -- ("quoted phrase", or, -not), English stemming, never SQL.
    IF btrim(coalesce(search_knowledge.search_text, '')) <> '' THEN
        v_query := websearch_to_tsquery('english', search_knowledge.search_text);
        IF numnode(v_query) = 0 THEN
            v_query := NULL;  -- only stop words: no text filter (as Postgres' notice says)
        END IF;
    END IF;

    IF v_query IS NULL THEN
        RETURN QUERY
            SELECT k.knowledge_id, k.title, k.description, k.knowledge_type, k.knowledge_category,
                   k.applies_to_projects, k.applies_to_platforms, k.confidence_level, k.times_applied,
                   k.times_failed, k.code_example, k.related_knowledge, k.learned_by_identity_id,
                   k.created_at, k.updated_at, k.last_applied_at, 0::real
              FROM claude.knowledge k
             WHERE k.confidence_level >= v_min
               AND (search_knowledge.knowledge_type IS NULL OR k.knowledge_type = search_knowledge.knowledge_type)
               AND (search_knowledge.project_name IS NULL OR k.applies_to_projects = '{}'
                    OR search_knowledge.project_name = ANY (k.applies_to_projects))
             ORDER BY k.confidence_level DESC, k.times_applied DESC, k.created_at DESC, k.knowledge_id
             LIMIT v_limit;
    ELSE
        RETURN QUERY
            SELECT k.knowledge_id, k.title, k.description, k.knowledge_type, k.knowledge_category,
                   k.applies_to_projects, k.applies_to_platforms, k.confidence_level, k.times_applied,
                   k.times_failed, k.code_example, k.related_knowledge, k.learned_by_identity_id,
                   k.created_at, k.updated_at, k.last_applied_at, ts_rank(k.search_vector, v_query) AS rank
              FROM claude.knowledge k
             WHERE k.search_vector @@ v_query
               AND k.confidence_level >= v_min
               AND (search_knowledge.knowledge_type IS NULL OR k.knowledge_type = search_knowledge.knowledge_type)
               AND (search_knowledge.project_name IS NULL OR k.applies_to_projects = '{}'
                    OR search_knowledge.project_name = ANY (k.applies_to_projects))
             ORDER BY rank DESC, k.confidence_level DESC, k.times_applied DESC, k.created_at DESC, k.knowledge_id
             LIMIT v_limit;
    END IF;
END;
$$;
COMMENT ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) IS
'Search the knowledge base; returns entries with a rank, most relevant first, then by confidence, then by times applied.
project_name: entries for that project plus entries for all projects (empty applies_to_projects); NULL: all.
knowledge_type: only that type (NULL: all). search_text: full-text search over title (weight A), description (B)
and code example (C) with English stemming (''migrations'' finds ''migrating''), web-search syntax ("a phrase",
or, -word); the text is never SQL; text with only stop words filters nothing; NULL: no text filter (rank 0).
min_confidence: 1..10 (default 5; NULL = 1). limit: how many (default 20).
Errors: 22023 unknown knowledge_type, min_confidence outside 1..10, limit not positive.';
REVOKE ALL ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) TO claude_agent;
-- Read-only: Mission Control Web (claude_reader) searches knowledge with it too.
GRANT EXECUTE ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) TO claude_reader;
