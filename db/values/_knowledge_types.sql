-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._knowledge_types() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['pattern', 'gotcha', 'best-practice', 'bug-fix', 'reference', 'architecture', 'troubleshooting', 'api-reference']::text[]; END $$;
COMMENT ON FUNCTION claude._knowledge_types() IS 'The knowledge types: knowledge.knowledge_type.';
REVOKE ALL ON FUNCTION claude._knowledge_types() FROM PUBLIC;
