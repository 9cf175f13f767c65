-- CASCADE drops search_knowledge, which returns this type.
DROP TYPE IF EXISTS claude.knowledge_search_result CASCADE;
