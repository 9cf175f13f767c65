-- Private helper: the rules of a knowledge entry's editable fields, shared by
-- record_knowledge and update_knowledge so both say the same thing.
CREATE OR REPLACE FUNCTION claude._validate_knowledge(
    p_title text, p_description text, p_knowledge_type text, p_knowledge_category text,
    p_applies_to_projects text[], p_applies_to_platforms text[], p_confidence_level integer)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
SET search_path = pg_catalog, claude, pg_temp
AS $$
BEGIN
    IF p_title IS NULL OR btrim(p_title) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'knowledge needs a non-empty title',
            HINT = 'Say in a few words what was learned.';
    END IF;
    PERFORM claude._check_length('title', p_title, 200, 'Shorten the title; put details in description.');
    IF p_description IS NULL OR btrim(p_description) = '' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'knowledge needs a non-empty description',
            HINT = 'Describe the knowledge itself.';
    END IF;
    PERFORM claude._check_one_of('knowledge_type', p_knowledge_type, claude._knowledge_types());
    PERFORM claude._check_length('knowledge_category', p_knowledge_category, 100, 'Use a short category such as postgresql or testing.');
    IF p_confidence_level IS NULL OR p_confidence_level NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('confidence_level must be 1..10, not %s', coalesce(p_confidence_level::text, 'NULL')),
            HINT = '1-3 experimental, 4-6 works sometimes, 7-9 proven, 10 verified many times.';
    END IF;
    IF array_position(p_applies_to_projects, NULL) IS NOT NULL
       OR EXISTS (SELECT 1 FROM unnest(p_applies_to_projects) p WHERE btrim(p) = '') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'applies_to_projects contains an empty or NULL name',
            HINT = 'List project names, or pass an empty list for all projects.';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(p_applies_to_projects) p WHERE length(p) > 200) THEN
        RAISE EXCEPTION USING ERRCODE = '22001', MESSAGE = 'a name in applies_to_projects is longer than 200 characters',
            HINT = 'Project names are up to 200 characters.';
    END IF;
    IF array_position(p_applies_to_platforms, NULL) IS NOT NULL
       OR EXISTS (SELECT 1 FROM unnest(p_applies_to_platforms) p WHERE btrim(p) = '') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'applies_to_platforms contains an empty or NULL name',
            HINT = 'List platform names, or pass an empty list for all platforms.';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._validate_knowledge(text, text, text, text, text[], text[], integer) IS 'Private: validate a knowledge entry''s fields (22023 / 22001), shared by record_knowledge and update_knowledge.';
REVOKE ALL ON FUNCTION claude._validate_knowledge(text, text, text, text, text[], text[], integer) FROM PUBLIC;
