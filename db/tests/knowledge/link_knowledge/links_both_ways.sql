-- link_knowledge and the symmetric related_knowledge.
BEGIN;
SELECT plan(14);

DELETE FROM claude.knowledge;
INSERT INTO claude.knowledge (knowledge_id, title, description, knowledge_type) VALUES
    ('00000000-0000-0000-0000-00000000000a', 'A', 'd', 'pattern'),
    ('00000000-0000-0000-0000-00000000000b', 'B', 'd', 'pattern'),
    ('00000000-0000-0000-0000-00000000000c', 'C', 'd', 'pattern');

SELECT lives_ok($$SELECT claude.link_knowledge(knowledge_id => '00000000-0000-0000-0000-00000000000a', related_knowledge_id => '00000000-0000-0000-0000-00000000000b')$$, 'link A and B');
SELECT results_eq($$SELECT knowledge_id, related_knowledge FROM claude.knowledge ORDER BY knowledge_id$$,
    $$VALUES ('00000000-0000-0000-0000-00000000000a'::uuid, ARRAY['00000000-0000-0000-0000-00000000000b']::uuid[]),
             ('00000000-0000-0000-0000-00000000000b'::uuid, ARRAY['00000000-0000-0000-0000-00000000000a']::uuid[]),
             ('00000000-0000-0000-0000-00000000000c'::uuid, '{}'::uuid[])$$, 'both directions');
SELECT lives_ok($$SELECT claude.link_knowledge(knowledge_id => '00000000-0000-0000-0000-00000000000b', related_knowledge_id => '00000000-0000-0000-0000-00000000000a')$$, 'link again, the other way round');
SELECT lives_ok($$SELECT claude.link_knowledge(knowledge_id => '00000000-0000-0000-0000-00000000000a', related_knowledge_id => '00000000-0000-0000-0000-00000000000b')$$, 'and the same way');
SELECT is((SELECT sum(cardinality(related_knowledge))::int FROM claude.knowledge), 2, 'idempotent: no duplicates');

SELECT throws_ok($$SELECT claude.link_knowledge(knowledge_id => '00000000-0000-0000-0000-00000000000a', related_knowledge_id => '00000000-0000-0000-0000-00000000000a')$$, '22023', NULL, 'not to itself');
SELECT throws_ok($$SELECT claude.link_knowledge(knowledge_id => '00000000-0000-0000-0000-00000000000a', related_knowledge_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'unknown related entry');
SELECT throws_ok($$SELECT claude.link_knowledge(knowledge_id => '99999999-0000-0000-0000-000000000000', related_knowledge_id => '00000000-0000-0000-0000-00000000000a')$$, 'P0002', NULL, 'unknown entry');

-- the trigger keeps direct writes symmetric too
UPDATE claude.knowledge SET related_knowledge = related_knowledge || '00000000-0000-0000-0000-00000000000a'::uuid WHERE knowledge_id = '00000000-0000-0000-0000-00000000000c';
SELECT is((SELECT related_knowledge FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-00000000000a'),
    ARRAY['00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-00000000000c']::uuid[], 'a direct addition is mirrored');
UPDATE claude.knowledge SET related_knowledge = '{}' WHERE knowledge_id = '00000000-0000-0000-0000-00000000000b';
SELECT is((SELECT related_knowledge FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-00000000000a'),
    ARRAY['00000000-0000-0000-0000-00000000000c']::uuid[], 'a direct removal is mirrored');
DELETE FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-00000000000c';
SELECT is((SELECT related_knowledge FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-00000000000a'), '{}'::uuid[], 'a deleted entry leaves every list');
SELECT throws_ok($$UPDATE claude.knowledge SET related_knowledge = '{99999999-0000-0000-0000-000000000000}' WHERE knowledge_id = '00000000-0000-0000-0000-00000000000a'$$, '23503', NULL, 'direct: an unknown id');
SELECT throws_ok($$UPDATE claude.knowledge SET related_knowledge = '{00000000-0000-0000-0000-00000000000a}' WHERE knowledge_id = '00000000-0000-0000-0000-00000000000a'$$, '23514', NULL, 'direct: related to itself breaks a CHECK');
SELECT ok(has_function_privilege('claude_agent', 'claude.link_knowledge(uuid, uuid)', 'EXECUTE'), 'agents may link');

SELECT * FROM finish();
ROLLBACK;
