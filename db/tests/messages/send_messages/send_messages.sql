-- send_messages: the batch path's arguments and errors (behaviour and the
-- single notification: py/tests/test_messages_sending.py).
BEGIN;
SELECT plan(10);
SELECT tests.make_session(project_name => 'smb') AS a \gset
SELECT tests.make_session(project_name => 'smb') AS b \gset

SELECT is(cardinality(claude.send_messages(from_session_id => :'a',
           messages => jsonb_build_array(jsonb_build_object('to_session_id', :'b', 'subject', 's', 'body', 'b'),
                                         jsonb_build_object('to_session_id', :'b', 'subject', 't', 'body', 'b',
                                                            'expires_in_days', null, 'metadata', '{"k": 1}'::jsonb)))),
    2, 'two messages, two ids');
SELECT is((SELECT expires_at FROM claude.messages WHERE subject = 't' AND from_session_id = :'a'), NULL,
    'expires_in_days null: never expires');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, '[]')$$, :'a'), '22023', NULL, 'an empty batch');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, '{}')$$, :'a'), '22023', NULL, 'not an array');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, (SELECT jsonb_agg(jsonb_build_object('to_session_id', %L, 'subject', 's', 'body', 'b')) FROM generate_series(1, 1001)))$$, :'a', :'b'),
    '22023', NULL, 'more than 1000');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, '[1]')$$, :'a'), '22023', NULL, 'an element that is not an object');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, '[{"to_session_id": "x", "subject": "s", "body": "b"}]')$$, :'a'),
    '22023', NULL, 'a malformed to_session_id');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, jsonb_build_array(jsonb_build_object('to_session_id', %L, 'subject', 's', 'body', 'b', 'expires_in_days', 1.5)))$$, :'a', :'b'),
    '22023', NULL, 'a fractional expires_in_days');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, jsonb_build_array(jsonb_build_object('to_session_id', gen_random_uuid(), 'subject', 's', 'body', 'b')))$$, :'a'),
    'P0002', NULL, 'an unknown recipient');
SELECT throws_ok(format($$SELECT claude.send_messages(%L, jsonb_build_array(jsonb_build_object('to_session_id', %L, 'subject', 's', 'body', 'b', 'priority', 'asap')))$$, :'a', :'b'),
    '22023', NULL, 'an unknown priority');

SELECT * FROM finish();
ROLLBACK;
