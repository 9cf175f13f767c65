-- CASCADE drops search_knowledge and _search_knowledge, which return this type.
DROP TYPE IF EXISTS claude.knowledge_search_result CASCADE;
