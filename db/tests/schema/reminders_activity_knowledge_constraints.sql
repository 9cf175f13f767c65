-- Each rule of reminders, activity_feed and knowledge rejects a bad row by itself.
BEGIN;
SELECT plan(22);

-- reminders
SELECT throws_ok($$INSERT INTO claude.reminders (title) VALUES ('t')$$,
    '23502', NULL, 'check_after is required');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after) VALUES (' ', now())$$,
    '23514', NULL, 'a blank title is rejected');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, check_type) VALUES ('t', now(), 'ask')$$,
    '23514', NULL, 'an unknown check_type is rejected');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, check_type) VALUES ('t', now(), 'sql_query')$$,
    '23514', NULL, 'an automatic check needs a condition');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, reschedule_days) VALUES ('t', now(), 0)$$,
    '23514', NULL, 'reschedule_days is positive');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, max_reminders) VALUES ('t', now(), 0)$$,
    '23514', NULL, 'max_reminders is positive');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, reminder_count) VALUES ('t', now(), 4)$$,
    '23514', NULL, 'reminder_count cannot exceed max_reminders');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, status) VALUES ('t', now(), 'snoozed')$$,
    '23514', NULL, 'an unknown status is rejected');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, status) VALUES ('t', now(), 'done')$$,
    '23514', NULL, 'a done reminder has completed_at');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, completed_at) VALUES ('t', now(), now())$$,
    '23514', NULL, 'a pending reminder is not completed');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, status) VALUES ('t', now(), 'expired')$$,
    '23514', NULL, 'a reminder expires only at max_reminders');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, project_name) VALUES ('t', now(), 'no-such-project')$$,
    '23503', NULL, 'a reminder project must be registered');

-- activity_feed
SELECT throws_ok($$INSERT INTO claude.activity_feed (source_type, activity_type, title) VALUES ('reminder', 'x', 't')$$,
    '23514', NULL, 'an unknown source_type is rejected');
SELECT throws_ok($$INSERT INTO claude.activity_feed (source_type, activity_type, title, severity) VALUES ('alert', 'x', 't', 'fatal')$$,
    '23514', NULL, 'an unknown severity is rejected');
SELECT throws_ok($$INSERT INTO claude.activity_feed (source_type, activity_type, title) VALUES ('alert', 'x', '')$$,
    '23514', NULL, 'a blank title is rejected');

-- knowledge
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type) VALUES ('t', 'd', 'rumour')$$,
    '23514', NULL, 'an unknown knowledge_type is rejected');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type, confidence_level) VALUES ('t', 'd', 'gotcha', 0)$$,
    '23514', NULL, 'confidence is at least 1');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type, confidence_level) VALUES ('t', 'd', 'gotcha', 11)$$,
    '23514', NULL, 'confidence is at most 10');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type, times_applied, times_failed) VALUES ('t', 'd', 'gotcha', 1, 2)$$,
    '23514', NULL, 'times_failed cannot exceed times_applied');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type) VALUES ('t', ' ', 'gotcha')$$,
    '23514', NULL, 'a blank description is rejected');
SELECT throws_ok($$INSERT INTO claude.knowledge (knowledge_id, title, description, knowledge_type, related_knowledge)
                   VALUES ('00000000-0000-0000-0000-000000000001', 't', 'd', 'gotcha', ARRAY['00000000-0000-0000-0000-000000000001'::uuid])$$,
    '23514', NULL, 'an entry is not related to itself');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type, learned_by_identity_id) VALUES ('t', 'd', 'gotcha', gen_random_uuid())$$,
    '23503', NULL, 'the learner must be a known identity');

SELECT * FROM finish();
ROLLBACK;
