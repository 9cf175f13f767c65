-- update_knowledge: known keys only, JSON types checked, validated like record_knowledge.
BEGIN;
SELECT plan(24);

INSERT INTO claude.knowledge (knowledge_id, title, description, knowledge_type, updated_at) VALUES
    ('00000000-0000-0000-0000-000000000001', 'Old title', 'Old description', 'pattern', now() - interval '1 day');

SELECT lives_ok($$SELECT claude.update_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000001', updates => '{
    "title": "Zebra crossings", "description": "New", "knowledge_type": "gotcha", "knowledge_category": "traffic",
    "applies_to_projects": ["p1"], "applies_to_platforms": ["claude-code"], "confidence_level": 8, "code_example": "x := 1;"}')$$,
    'every updatable key');
SELECT results_eq(
    $$SELECT title::text, description, knowledge_type::text, knowledge_category::text, applies_to_projects, applies_to_platforms, confidence_level, code_example, updated_at
        FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000001'$$,
    $$VALUES ('Zebra crossings', 'New', 'gotcha', 'traffic', ARRAY['p1'], ARRAY['claude-code'], 8, 'x := 1;', now())$$,
    'all stored, updated_at = now()');
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(search_text => 'zebra')$$,
    ARRAY['00000000-0000-0000-0000-000000000001']::uuid[], 'the search vector follows the new title');
SELECT lives_ok($$SELECT claude.update_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000001', updates => '{"knowledge_category": null, "code_example": null, "applies_to_projects": null}')$$,
    'nullable fields can be cleared; a null list means all');
SELECT results_eq($$SELECT knowledge_category, code_example, applies_to_projects, title::text FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000001'$$,
    $$VALUES (NULL::varchar, NULL::text, '{}'::text[], 'Zebra crossings')$$, 'cleared; keys not given are unchanged');
SELECT lives_ok($$SELECT claude.update_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000001', updates => '{"confidence_level": 3.0}')$$, '3.0 is an integer');

-- Each refused update: (updates, SQLSTATE, why).
SELECT throws_ok(format($$SELECT claude.update_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000001', updates => %L)$$, c.updates),
                 c.code, NULL, c.why)
  FROM (VALUES
    ('{"times_applied": 100}', '22023', 'counters are not updatable'),
    ('{"title": "ok", "nonsense": 1}', '22023', 'an unknown key'),
    ('{"related_knowledge": []}', '22023', 'links go through link_knowledge'),
    ('{"confidence_level": "8"}', '22023', 'a string for confidence'),
    ('{"confidence_level": 2.5}', '22023', 'a fraction for confidence'),
    ('{"confidence_level": 1e300}', '22023', 'a huge number, not a cast error'),
    ('{"confidence_level": 0}', '22023', 'confidence 0'),
    ('{"title": 5}', '22023', 'a number for title'),
    ('{"title": null}', '22023', 'a null title'),
    ('{"description": " "}', '22023', 'a blank description'),
    ('{"knowledge_type": "tip"}', '22023', 'an unknown type'),
    ('{"applies_to_projects": "p1"}', '22023', 'a string for a list'),
    ('{"applies_to_platforms": ["a", 1]}', '22023', 'a number in a list'),
    (jsonb_build_object('title', repeat('t', 201)), '22001', 'a title longer than 200'),
    ('[]', '22023', 'not an object'),
    (NULL, '22023', 'NULL updates')
  ) AS c(updates, code, why);

SELECT throws_ok($$SELECT claude.update_knowledge(knowledge_id => '99999999-0000-0000-0000-000000000000', updates => '{}')$$, 'P0002', NULL, 'unknown knowledge');
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000001'), 3, 'failed updates changed nothing');

SELECT * FROM finish();
ROLLBACK;
