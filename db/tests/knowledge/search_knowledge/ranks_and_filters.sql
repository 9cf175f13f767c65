-- search_knowledge: stemmed, ranked full-text search that never runs the text as SQL.
BEGIN;
SELECT plan(19);

DELETE FROM claude.knowledge;
INSERT INTO claude.knowledge (knowledge_id, title, description, knowledge_type, applies_to_projects, confidence_level, times_applied, code_example) VALUES
    ('00000000-0000-0000-0000-000000000001', 'Migrating without downtime', 'Add columns first, backfill later.', 'pattern', '{}', 7, 3, NULL),
    ('00000000-0000-0000-0000-000000000002', 'Lock ordering', 'Take locks in key order when migrating rows.', 'gotcha', '{}', 7, 3, NULL),
    ('00000000-0000-0000-0000-000000000003', 'Project only', 'A note about deployments.', 'reference', '{proj-a}', 6, 0, NULL),
    ('00000000-0000-0000-0000-000000000004', 'Other project', 'A note about deployments.', 'reference', '{proj-b}', 6, 0, NULL),
    ('00000000-0000-0000-0000-000000000005', 'Low confidence', 'Deployments sometimes fail.', 'troubleshooting', '{}', 2, 0, NULL),
    ('00000000-0000-0000-0000-000000000006', 'Snippet', 'See the code.', 'api-reference', '{}', 5, 0, 'SELECT websearch_to_tsquery(config, text)'),
    ('00000000-0000-0000-0000-000000000007', 'Deployments checklist', 'Run the deployments checklist.', 'best-practice', '{}', 9, 1, NULL),
    ('00000000-0000-0000-0000-000000000008', 'Deployments checklist', 'Run the deployments checklist.', 'best-practice', '{}', 9, 5, NULL);

SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(search_text => 'migrations')$$,
    ARRAY['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002']::uuid[],
    '''migrations'' finds ''migrating'' (English stemming); a title match ranks above a description match');
SELECT ok((SELECT bool_and(rank > 0) FROM claude.search_knowledge(search_text => 'migrations')), 'hits carry a positive rank');
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(search_text => 'deployments checklist')$$,
    ARRAY['00000000-0000-0000-0000-000000000008', '00000000-0000-0000-0000-000000000007']::uuid[],
    'equal relevance and confidence: more applications first');
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(search_text => 'websearch')$$,
    ARRAY['00000000-0000-0000-0000-000000000006']::uuid[], 'code examples are searched');
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(search_text => 'migrating -lock')$$,
    ARRAY['00000000-0000-0000-0000-000000000001']::uuid[], 'web-search syntax: -word excludes');

-- hostile text is only ever a tsquery
SELECT lives_ok($$SELECT * FROM claude.search_knowledge(search_text => $x$'; DELETE FROM claude.knowledge; --$x$)$$, 'SQL in the search text is just words');
SELECT lives_ok($$SELECT * FROM claude.search_knowledge(search_text => $x$') OR 1=1 OR (' & | ! <-> :* "unbalanced$x$)$$, 'tsquery operators and quotes in the text do not break it');
SELECT is_empty($$SELECT * FROM claude.search_knowledge(search_text => $x$x' OR '1'='1$x$)$$, 'and match nothing here');
SELECT is((SELECT count(*)::int FROM claude.knowledge), 8, 'nothing was deleted');
SELECT throws_ok($$SELECT * FROM claude.search_knowledge(search_text => 'the and of')$$, '22023', NULL,
    'only stop words: no query, refused (never "everything")');

-- filters
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(project_name => 'proj-a', search_text => 'deployments note', min_confidence => 1)$$,
    ARRAY['00000000-0000-0000-0000-000000000003']::uuid[], 'a project''s search sees its entries and entries for all projects, not other projects''');
SELECT is((SELECT count(*)::int FROM claude.search_knowledge(search_text => 'deployments', min_confidence => 1)), 5, 'no project: every project');
SELECT is((SELECT count(*)::int FROM claude.search_knowledge(search_text => 'deployments')), 4, 'default min_confidence 5 hides low confidence');
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge(knowledge_type => 'troubleshooting', min_confidence => 1)$$,
    ARRAY['00000000-0000-0000-0000-000000000005']::uuid[], 'type filter');
SELECT results_eq($$SELECT knowledge_id FROM claude.search_knowledge("limit" => 2)$$,
    ARRAY['00000000-0000-0000-0000-000000000008', '00000000-0000-0000-0000-000000000007']::uuid[],
    'no text: by confidence, then times applied, limited');

SELECT throws_ok($$SELECT * FROM claude.search_knowledge(knowledge_type => 'tip')$$, '22023', NULL, 'unknown type');
SELECT throws_ok($$SELECT * FROM claude.search_knowledge(min_confidence => 11)$$, '22023', NULL, 'min_confidence above 10');
SELECT throws_ok($$SELECT * FROM claude.search_knowledge("limit" => 0)$$, '22023', NULL, 'limit 0');
SELECT is((SELECT pg_get_function_result('claude.search_knowledge(text, text, text, integer, integer)'::regprocedure)),
    'SETOF claude.knowledge_search_result', 'returns rows of claude.knowledge_search_result (with rank)');

SELECT * FROM finish();
ROLLBACK;
