-- record_knowledge: defaults and validation.
BEGIN;
SELECT plan(19);

SELECT lives_ok($$SELECT claude.record_knowledge(title => 'rk plain', description => 'd', knowledge_type => 'pattern')$$, 'title, description and type suffice');
SELECT results_eq(
    $$SELECT confidence_level, times_applied, times_failed, applies_to_projects, applies_to_platforms, related_knowledge, last_applied_at IS NULL
        FROM claude.knowledge WHERE title = 'rk plain'$$,
    $$VALUES (5, 0, 0, '{}'::text[], '{}'::text[], '{}'::uuid[], true)$$,
    'defaults: confidence 5, never applied, all projects and platforms, no links');
SELECT claude.record_knowledge(title => 'rk full', description => 'd', knowledge_type => 'gotcha', applies_to_projects => ARRAY['p1', 'p2'],
    confidence_level => 8, learned_by_identity_id => tests.make_identity(), code_example => 'SELECT 1', knowledge_category => 'postgresql',
    applies_to_platforms => ARRAY['claude-code']) IS NOT NULL AS recorded;
SELECT results_eq(
    $$SELECT knowledge_type::text, applies_to_projects, confidence_level, code_example, knowledge_category::text, applies_to_platforms, learned_by_identity_id IS NOT NULL
        FROM claude.knowledge WHERE title = 'rk full'$$,
    $$VALUES ('gotcha', ARRAY['p1', 'p2'], 8, 'SELECT 1', 'postgresql', ARRAY['claude-code'], true)$$,
    'every field is stored');
SELECT lives_ok($$SELECT claude.record_knowledge(title => 'rk null lists', description => 'd', knowledge_type => 'reference', applies_to_projects => NULL, applies_to_platforms => NULL)$$,
    'NULL lists mean all');

SELECT throws_ok($$SELECT claude.record_knowledge(title => ' ', description => 'd', knowledge_type => 'pattern')$$, '22023', NULL, 'blank title');
SELECT throws_ok($$SELECT claude.record_knowledge(title => NULL, description => 'd', knowledge_type => 'pattern')$$, '22023', NULL, 'NULL title');
SELECT throws_ok($$SELECT claude.record_knowledge(title => repeat('t', 201), description => 'd', knowledge_type => 'pattern')$$, '22001', NULL, 'title longer than 200');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => '', knowledge_type => 'pattern')$$, '22023', NULL, 'empty description');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'tip')$$, '22023', NULL, 'unknown type');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => NULL)$$, '22023', NULL, 'NULL type');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', confidence_level => 0)$$, '22023', NULL, 'confidence 0');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', confidence_level => 11)$$, '22023', NULL, 'confidence 11');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', confidence_level => NULL)$$, '22023', NULL, 'NULL confidence');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', applies_to_projects => ARRAY['p', NULL])$$, '22023', NULL, 'a NULL project name');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', applies_to_platforms => ARRAY[''])$$, '22023', NULL, 'an empty platform name');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', knowledge_category => repeat('c', 101))$$, '22001', NULL, 'category longer than 100');
SELECT throws_ok($$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', learned_by_identity_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'unknown identity');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type) VALUES ('t', 'd', 'tip')$$, '23514', NULL, 'direct insert of an unknown type breaks a CHECK');
SELECT ok(has_function_privilege('claude_agent', 'claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[], text)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'claude.record_knowledge(text, text, text, text[], integer, uuid, text, text, text[], text)', 'EXECUTE'),
          'agents may record knowledge, PUBLIC may not');

SELECT * FROM finish();
ROLLBACK;
