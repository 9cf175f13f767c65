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
AS $$
DECLARE
    v_query tsquery;
    v_min integer := coalesce(search_knowledge.min_confidence, 1);
    v_limit integer := coalesce(search_knowledge."limit", 20);
BEGIN
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_project_name(search_knowledge.project_name);
    PERFORM claude._check_length('knowledge_type', search_knowledge.knowledge_type, 50, 'Use one of the knowledge types.');
    PERFORM claude._check_length('search_text', search_knowledge.search_text, 10000, 'A search text is at most 10,000 characters: search for a few distinctive words.');
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
    -- ("quoted phrase", or, -not), English stemming, never SQL.  A blank text
    -- (NULL, or only white space, control or zero-width characters) is no text
    -- filter; a text that yields no query at all (only stop words or
    -- punctuation, or words over 2,047 characters, which full-text search
    -- ignores) is refused: it must never mean "everything".
    IF NOT coalesce(claude._is_blank(search_knowledge.search_text), true) THEN
        v_query := websearch_to_tsquery('english', search_knowledge.search_text);
        IF numnode(v_query) = 0 THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('search_text %L has no word to search for', left(search_knowledge.search_text, 60)),
                HINT = 'Use words that are not stop words (the, and, of, ...) and are at most 2,047 characters long, or pass search_text => NULL to list entries without a text filter.';
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
or, -word); the text is never SQL; at most 10,000 characters; NULL or blank: no text filter (rank 0); a text that
yields no query (only stop words or punctuation, or only words over 2,047 characters) is 22023, never "everything".
min_confidence: 1..10 (default 5; NULL = 1). limit: how many (default 20).
Errors: 22023 unknown knowledge_type, min_confidence outside 1..10, limit not positive, a search_text with no word to
search for; 22001 project_name over 200 or search_text over 10,000 characters.';
REVOKE ALL ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) TO claude_agent;
-- Read-only: Mission Control Web (claude_reader) searches knowledge with it too.
GRANT EXECUTE ON FUNCTION claude.search_knowledge(text, text, text, integer, integer) TO claude_reader;
