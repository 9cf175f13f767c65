-- The row type search_knowledge returns: a knowledge entry (without its
-- search_vector) plus the relevance rank of the search.
CREATE TYPE claude.knowledge_search_result AS (
    knowledge_id           uuid,
    title                  varchar(200),
    description            text,
    knowledge_type         varchar(50),
    knowledge_category     varchar(100),
    applies_to_projects    text[],
    applies_to_platforms   text[],
    confidence_level       integer,
    times_applied          integer,
    times_failed           integer,
    code_example           text,
    related_knowledge      uuid[],
    learned_by_identity_id uuid,
    created_at             timestamptz,
    updated_at             timestamptz,
    last_applied_at        timestamptz,
    rank                   real
);
COMMENT ON TYPE claude.knowledge_search_result IS 'One search_knowledge hit: the knowledge entry plus rank (full-text relevance, 0 without search text).';
