-- apply_knowledge: counters, last_applied_at, and confidence as documented:
-- target = clamp(round(10 * (successes + 2) / (applications + 4)), 1, 10);
-- success: max(c, min(c + 1, target)); failure: min(c, max(c - 1, target)).
BEGIN;
SELECT plan(16);

INSERT INTO claude.knowledge (knowledge_id, title, description, knowledge_type, confidence_level) VALUES
    ('00000000-0000-0000-0000-000000000001', 'one success', 'd', 'pattern', 5),
    ('00000000-0000-0000-0000-000000000002', 'one failure', 'd', 'pattern', 5),
    ('00000000-0000-0000-0000-000000000003', 'run of successes', 'd', 'pattern', 5),
    ('00000000-0000-0000-0000-000000000004', 'run of failures', 'd', 'pattern', 5),
    ('00000000-0000-0000-0000-000000000005', 'trusted', 'd', 'pattern', 9),
    ('00000000-0000-0000-0000-000000000006', 'floor', 'd', 'pattern', 1);

SELECT results_eq($$SELECT claude._knowledge_confidence_target(a, f) FROM (VALUES (0, 0), (1, 0), (1, 1), (10, 0), (10, 10), (36, 0), (100, 50)) v(a, f)$$,
    ARRAY[5, 6, 4, 9, 1, 10, 5], 'the target is the smoothed success rate on 1..10');

SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000001');
SELECT results_eq($$SELECT times_applied, times_failed, last_applied_at, confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000001'$$,
    $$VALUES (1, 0, now(), 6)$$, 'one success: applied 1, failed 0, last_applied_at now, confidence 5 -> 6');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000002', was_successful => false);
SELECT results_eq($$SELECT times_applied, times_failed, confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000002'$$,
    $$VALUES (1, 1, 4)$$, 'one failure: applied 1, failed 1 (every application counts), confidence 5 -> 4');

SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000003') FROM generate_series(1, 4);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000003'), 8, 'four successes: 5 -> 6 -> 7 -> 7 -> 8');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000003') FROM generate_series(1, 6);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000003'), 9, 'ten successes: 9');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000003') FROM generate_series(1, 26);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000003'), 10, 'thirty-six successes: 10');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000003', was_successful => false);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000003'), 9, 'one failure after a long record moves it one point');

SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000004', was_successful => false) FROM generate_series(1, 5);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000004'), 2, 'five failures: 5 -> 2');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000004', was_successful => false) FROM generate_series(1, 5);
SELECT results_eq($$SELECT times_applied, times_failed, confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000004'$$,
    $$VALUES (10, 10, 1)$$, 'ten failures: 1');

SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000005');
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000005'), 9, 'a success never lowers a high confidence');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000005', was_successful => false);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000005'), 8, 'a failure lowers it by one point only');
SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000006', was_successful => false);
SELECT is((SELECT confidence_level FROM claude.knowledge WHERE knowledge_id = '00000000-0000-0000-0000-000000000006'), 1, 'never below 1');

SELECT throws_ok($$SELECT claude.apply_knowledge(knowledge_id => '99999999-0000-0000-0000-000000000000')$$, 'P0002', NULL, 'unknown knowledge');
SELECT throws_ok($$SELECT claude.apply_knowledge(knowledge_id => '00000000-0000-0000-0000-000000000001', was_successful => NULL)$$, '22023', NULL, 'was_successful NULL');
SELECT throws_ok($$UPDATE claude.knowledge SET times_failed = times_applied + 1 WHERE knowledge_id = '00000000-0000-0000-0000-000000000001'$$, '23514', NULL, 'direct: more failures than applications breaks a CHECK');
SELECT matches(obj_description('claude.apply_knowledge(uuid, boolean)'::regprocedure, 'pg_proc'), 'round\(10 \* \(successes \+ 2\) / \(applications \+ 4\)\)',
    'the formula is documented in the COMMENT');

SELECT * FROM finish();
ROLLBACK;
