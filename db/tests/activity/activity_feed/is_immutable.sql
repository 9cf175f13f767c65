-- activity_feed rows are immutable, even for the table owner.
BEGIN;
SELECT plan(6);

SELECT claude.log_activity(source_type => 'alert', source_id => NULL, actor => 'a', activity_type => 'alert_raised', title => 'imm') AS id \gset
SELECT throws_ok(format($$UPDATE claude.activity_feed SET title = 'changed' WHERE id = %L$$, :'id'), '55000', NULL, 'UPDATE fails');
SELECT throws_ok(format($$UPDATE claude.activity_feed SET created_at = now() - interval '1 year' WHERE id = %L$$, :'id'), '55000', NULL,
                 'even created_at cannot be back-dated');
SELECT throws_ok(format($$DELETE FROM claude.activity_feed WHERE id = %L$$, :'id'), '55000', NULL, 'DELETE fails');
SELECT throws_ok($$TRUNCATE claude.activity_feed$$, '55000', NULL, 'TRUNCATE fails');
SELECT is((SELECT title::text FROM claude.activity_feed WHERE id = :'id'), 'imm', 'the row is unchanged');
SELECT ok(NOT has_table_privilege('claude_admin', 'claude.activity_feed', 'DELETE'), 'no role but the owner may even try');

SELECT * FROM finish();
ROLLBACK;
