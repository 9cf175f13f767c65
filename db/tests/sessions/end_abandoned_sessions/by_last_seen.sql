-- end_abandoned_sessions reads the session's own sign of life (last_seen_at), not its age alone.
BEGIN;
SELECT plan(3);

SELECT tests.make_identity('la-seen') AS seen \gset
SELECT tests.make_identity('la-silent') AS silent \gset
SELECT tests.make_session(:'seen', 'la-project') AS s_seen \gset
SELECT tests.make_session(:'silent', 'la-project') AS s_silent \gset
UPDATE claude.sessions SET session_start = now() - interval '20 hours' WHERE session_id IN (:'s_seen', :'s_silent');
UPDATE claude.identities SET last_active_at = now() - interval '20 hours' WHERE identity_id IN (:'seen', :'silent');
UPDATE claude.sessions SET last_seen_at = now() - interval '1 hour' WHERE session_id = :'s_seen';

SELECT is(claude.end_abandoned_sessions(), 1, 'only the silent session is ended');
SELECT is((SELECT session_end FROM claude.sessions WHERE session_id = :'s_seen'), NULL,
          'a 20-hour-old session seen an hour ago (a hook, a tool call) goes on');
SELECT isnt((SELECT session_end FROM claude.sessions WHERE session_id = :'s_silent'), NULL, 'the silent one has ended');

SELECT * FROM finish();
ROLLBACK;
