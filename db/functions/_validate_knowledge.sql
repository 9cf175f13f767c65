-- Private helper: the rules of a knowledge entry's editable fields, shared by
-- record_knowledge and update_knowledge so both say the same thing.
CREATE OR REPLACE FUNCTION claude._validate_knowledge(
    p_title text, p_description text, p_knowledge_type text, p_knowledge_category text,
    p_applies_to_projects text[], p_applies_to_platforms text[], p_confidence_level integer)
RETURNS void
LANGUAGE plpgsql
IMMUTABLE
AS $$
BEGIN
    PERFORM claude._check_length('title', p_title, 200, 'Shorten the title; put details in description.');
    PERFORM claude._check_length('description', p_description, 65536, 'A description is at most 65,536 characters.');
    PERFORM claude._check_length('knowledge_type', p_knowledge_type, 50, 'Use one of the knowledge types.');
    PERFORM claude._check_length('knowledge_category', p_knowledge_category, 100, 'Use a short category such as postgresql or testing.');
    PERFORM claude._check_list('applies_to_projects', p_applies_to_projects, 100, 200, 20000, 'At most 100 project names of up to 200 characters.');
    PERFORM claude._check_list('applies_to_platforms', p_applies_to_platforms, 100, 50, 5000, 'At most 100 platform names of up to 50 characters.');
    PERFORM claude._check_required('title', p_title, 'Say in a few words what was learned.', 'knowledge needs a non-empty title');
    PERFORM claude._check_required('description', p_description, 'Describe the knowledge itself.', 'knowledge needs a non-empty description');
    PERFORM claude._check_one_of('knowledge_type', p_knowledge_type, claude._knowledge_types());
    IF p_confidence_level IS NULL OR p_confidence_level NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('confidence_level must be 1..10, not %s', coalesce(p_confidence_level::text, 'NULL')),
            HINT = '1-3 experimental, 4-6 works sometimes, 7-9 proven, 10 verified many times.';
    END IF;
    IF array_position(p_applies_to_projects, NULL) IS NOT NULL
       OR EXISTS (SELECT 1 FROM unnest(p_applies_to_projects) p WHERE claude._is_blank(p) OR NOT claude._is_clean_name(p)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'applies_to_projects contains an empty or NULL name, or one with a control or zero-width character or white space at an end',
            HINT = 'List project names, or pass an empty list for all projects.';
    END IF;
    IF array_position(p_applies_to_platforms, NULL) IS NOT NULL
       OR EXISTS (SELECT 1 FROM unnest(p_applies_to_platforms) p WHERE claude._is_blank(p)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'applies_to_platforms contains an empty or NULL name',
            HINT = 'List platform names, or pass an empty list for all platforms.';
    END IF;
END;
$$;
COMMENT ON FUNCTION claude._validate_knowledge(text, text, text, text, text[], text[], integer) IS 'Private: validate a knowledge entry''s fields (22023 / 22001), shared by record_knowledge and update_knowledge.';
REVOKE ALL ON FUNCTION claude._validate_knowledge(text, text, text, text, text[], text[], integer) FROM PUBLIC;
