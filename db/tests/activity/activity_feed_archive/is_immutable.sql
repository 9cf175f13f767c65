-- Archived activity entries cannot be changed or removed, by anyone.
BEGIN;
SELECT plan(4);

INSERT INTO claude.activity_feed (source_type, activity_type, title, created_at)
VALUES ('alert', 'old_news', 'archived soon', now() - interval '200 days');
SELECT is(claude.archive_activity(older_than => interval '90 days') >= 1, true, 'retention moved the old entry');

SELECT throws_ok($$UPDATE claude.activity_feed_archive SET title = 'rewritten' WHERE activity_type = 'old_news'$$,
    '55000', NULL, 'an archived entry cannot be updated');
SELECT throws_ok($$DELETE FROM claude.activity_feed_archive WHERE activity_type = 'old_news'$$,
    '55000', NULL, 'an archived entry cannot be deleted');
SELECT throws_ok($$TRUNCATE claude.activity_feed_archive$$,
    '55000', NULL, 'the archive cannot be truncated');

SELECT * FROM finish();
ROLLBACK;
