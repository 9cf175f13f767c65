-- knowledge_overview: type, category, confidence, success rate, last applied.
BEGIN;
SELECT plan(3);

INSERT INTO claude.knowledge (knowledge_id, title, description, knowledge_type, knowledge_category, times_applied, times_failed, last_applied_at) VALUES
    ('00000000-0000-0000-0000-000000000001', 'used', 'd', 'pattern', 'sql', 4, 1, now()),
    ('00000000-0000-0000-0000-000000000002', 'unused', 'd', 'gotcha', NULL, 0, 0, NULL);
SELECT results_eq(
    $$SELECT knowledge_type::text, knowledge_category::text, confidence_level, success_rate, last_applied_at FROM claude.knowledge_overview
       WHERE knowledge_id IN ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002') ORDER BY title DESC$$,
    $$VALUES ('pattern', 'sql', 5, 0.750, now()), ('gotcha', NULL, 5, NULL::numeric, NULL::timestamptz)$$,
    'success rate = successes / applications, NULL when never applied');
SELECT ok(has_table_privilege('claude_reader', 'claude.knowledge_overview', 'SELECT'), 'readers may select the view');
SELECT ok(NOT has_table_privilege('claude_reader', 'claude.knowledge', 'SELECT'), 'but not the table');

SELECT * FROM finish();
ROLLBACK;
