CREATE OR REPLACE FUNCTION claude.update_knowledge(knowledge_id uuid, updates jsonb)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    v claude.knowledge;
    v_key text;
    v_value jsonb;
    v_num numeric;
BEGIN
    -- docs/BOUNDS.md: the bound first.  updates carries description and
    -- code_example (65,536 characters each), so its bound is 1 MiB of JSON;
    -- each field is then held to its own limit.
    PERFORM claude._check_json_size('updates', update_knowledge.updates, 1048576);
    IF update_knowledge.updates IS NULL OR jsonb_typeof(update_knowledge.updates) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('updates must be a JSON object, not %s', coalesce(left(update_knowledge.updates::text, 100), 'NULL')),
            HINT = 'Pass e.g. {"confidence_level": 8, "knowledge_category": "postgresql"}.';
    END IF;
    v := claude._lock_knowledge(update_knowledge.knowledge_id);

    FOR v_key, v_value IN SELECT e.key, e.value FROM jsonb_each(update_knowledge.updates) e ORDER BY e.key LOOP
        IF v_key IN ('title', 'description', 'knowledge_type', 'knowledge_category', 'code_example') THEN
            IF jsonb_typeof(v_value) NOT IN ('string', 'null') THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('%s must be a string, not %s', v_key, left(v_value::text, 100)),
                    HINT = 'Pass text as a JSON string.';
            END IF;
            CASE v_key
                WHEN 'title' THEN v.title := v_value #>> '{}';
                WHEN 'description' THEN v.description := v_value #>> '{}';
                WHEN 'knowledge_type' THEN v.knowledge_type := v_value #>> '{}';
                WHEN 'knowledge_category' THEN v.knowledge_category := nullif(btrim(v_value #>> '{}'), '');
                ELSE v.code_example := v_value #>> '{}';
            END CASE;
        ELSIF v_key IN ('applies_to_projects', 'applies_to_platforms') THEN
            IF jsonb_typeof(v_value) = 'null' THEN
                v_value := '[]';
            END IF;
            IF jsonb_typeof(v_value) <> 'array'
               OR EXISTS (SELECT 1 FROM jsonb_array_elements(v_value) a WHERE jsonb_typeof(a) <> 'string') THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('%s must be a list of names, not %s', v_key, left(v_value::text, 100)),
                    HINT = 'Pass a JSON array of strings; [] means all.';
            END IF;
            IF v_key = 'applies_to_projects' THEN
                v.applies_to_projects := ARRAY(SELECT jsonb_array_elements_text(v_value));
            ELSE
                v.applies_to_platforms := ARRAY(SELECT jsonb_array_elements_text(v_value));
            END IF;
        ELSIF v_key = 'confidence_level' THEN
            IF jsonb_typeof(v_value) <> 'number' THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('confidence_level must be a number 1..10, not %s', left(v_value::text, 100)),
                    HINT = 'Pass an integer from 1 to 10.';
            END IF;
            v_num := (v_value #>> '{}')::numeric;
            IF v_num <> trunc(v_num) OR v_num NOT BETWEEN 1 AND 10 THEN
                RAISE EXCEPTION USING ERRCODE = '22023',
                    MESSAGE = format('confidence_level must be an integer 1..10, not %s', left(v_value::text, 100)),
                    HINT = 'Pass an integer from 1 to 10.';
            END IF;
            v.confidence_level := v_num::integer;
        ELSE
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('unknown key %L in updates', left(v_key, 100)),
                HINT = 'Updatable: title, description, knowledge_type, knowledge_category, applies_to_projects, applies_to_platforms, confidence_level, code_example.';
        END IF;
    END LOOP;

    PERFORM claude._check_length('code_example', v.code_example, 65536, 'A code example is at most 65,536 characters.');
    PERFORM claude._validate_knowledge(v.title, v.description, v.knowledge_type, v.knowledge_category,
                                       v.applies_to_projects, v.applies_to_platforms, v.confidence_level);
    UPDATE claude.knowledge k
       SET title = v.title,
           description = v.description,
           knowledge_type = v.knowledge_type,
           knowledge_category = v.knowledge_category,
           applies_to_projects = v.applies_to_projects,
           applies_to_platforms = v.applies_to_platforms,
           confidence_level = v.confidence_level,
           code_example = v.code_example,
           updated_at = now()
     WHERE k.knowledge_id = update_knowledge.knowledge_id;
END;
$$;
COMMENT ON FUNCTION claude.update_knowledge(uuid, jsonb) IS
'Change some fields of a knowledge entry and set updated_at.
Parameters:
- knowledge_id: the knowledge entry to change (P0002 unknown).
- updates: a JSON object of the fields to change (title, description, knowledge_type, ...; 22023 unknown field).
updates: a JSON object with any of title, description, knowledge_type, knowledge_category (string or null),
applies_to_projects, applies_to_platforms (arrays of strings; [] or null = all), confidence_level (integer 1..10),
code_example (string or null); validated like record_knowledge; at most 1 MiB of JSON in all. Counters and links change only through
apply_knowledge and link_knowledge.
Errors: P0002 unknown knowledge; 22023 not an object, an unknown key (named), a value of the wrong JSON type,
an invalid value; 22001 text too long (or updates over 1 MiB).';
REVOKE ALL ON FUNCTION claude.update_knowledge(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.update_knowledge(uuid, jsonb) TO claude_agent;
