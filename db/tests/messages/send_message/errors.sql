-- send_message: every refusal with its SQLSTATE.
BEGIN;
SELECT plan(19);

SELECT tests.make_session() AS a \gset
SELECT tests.make_session() AS b \gset
CREATE TEMP TABLE ids AS SELECT :'a'::uuid AS a, :'b'::uuid AS b;

SELECT throws_ok($$SELECT claude.send_message(from_session_id => NULL, to_session_id => (SELECT b FROM ids), subject => 's', body => 'b')$$,
                 '22023', NULL, 'from_session_id is required');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => NULL, subject => 's', body => 'b')$$,
                 '22023', NULL, 'to_session_id is required');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => gen_random_uuid(), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b')$$,
                 'P0002', NULL, 'unknown sender session');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => gen_random_uuid(), subject => 's', body => 'b')$$,
                 'P0002', NULL, 'unknown recipient session');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => NULL, body => 'b')$$,
                 '22023', NULL, 'subject is required');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => '  ', body => 'b')$$,
                 '22023', NULL, 'a blank subject is refused');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => repeat('x', 201), body => 'b')$$,
                 '22001', NULL, 'a subject over 200 characters is too long');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => NULL)$$,
                 '22023', NULL, 'body is required');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => '')$$,
                 '22023', NULL, 'an empty body is refused');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', message_type => 'gossip')$$,
                 '22023', NULL, 'unknown message_type');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', message_type => NULL)$$,
                 '22023', NULL, 'message_type NULL');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', priority => 'high')$$,
                 '22023', NULL, 'unknown priority');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', expires_in_days => 0)$$,
                 '22023', NULL, 'expires_in_days 0 is refused (NULL means never)');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', expires_in_days => -3)$$,
                 '22023', NULL, 'negative expires_in_days is refused');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', expires_in_days => 2147483647)$$,
                 '22023', NULL, 'an expiry beyond the calendar is 22023, not an overflow');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', metadata => '[1]')$$,
                 '22023', NULL, 'metadata must be an object');
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b', in_reply_to => gen_random_uuid())$$,
                 'P0002', NULL, 'in_reply_to an unknown message');

UPDATE claude.sessions SET session_end = now(), session_summary = 'done' WHERE session_id = :'a';
SELECT throws_ok($$SELECT claude.send_message(from_session_id => (SELECT a FROM ids), to_session_id => (SELECT b FROM ids), subject => 's', body => 'b')$$,
                 '55000', NULL, 'an ended session cannot send');
SELECT is((SELECT count(*)::int FROM claude.messages), 0, 'no refused call left a message');

SELECT * FROM finish();
ROLLBACK;
