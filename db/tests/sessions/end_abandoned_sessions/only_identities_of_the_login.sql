-- end_abandoned_sessions acts for many identities at once: it ends only the
-- sessions of identities the caller's login may act as (docs/RULES.md, "Identity from the connection"); an
-- admin ends them all.
BEGIN;
SELECT plan(4);

-- every other active session is left out of this test's counts
UPDATE claude.sessions SET session_end = now(), session_summary = 'out of the way' WHERE session_end IS NULL;
SELECT identity_id AS a, session_id AS sa FROM tests.make_agent('abandon-a', 'abandon') \gset
SELECT identity_id AS b, session_id AS sb FROM tests.make_agent('abandon-b', 'abandon') \gset
SELECT identity_id AS c, session_id AS sc FROM tests.make_agent('abandon-c', 'abandon') \gset
SELECT tests.make_login('cgw_abandon_a', bind_to => :'a'), tests.make_login('cgw_abandon_u'),
       tests.make_login('cgw_abandon_adm', 'claude_admin', bind_to => :'b');
UPDATE claude.sessions SET session_start = now() - interval '2 days' WHERE session_id IN (:'sa', :'sb', :'sc');
UPDATE claude.identities SET last_active_at = NULL WHERE identity_id IN (:'a', :'b', :'c');

SET SESSION AUTHORIZATION cgw_abandon_u;
SELECT is(claude.end_abandoned_sessions(), 1, 'an unbound login ends only the unbound identity''s idle session');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION cgw_abandon_a;
SELECT is(claude.end_abandoned_sessions(), 1, 'a bound login ends only its own identity''s idle session');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT session_end IS NULL FROM claude.sessions WHERE session_id = :'sb'), true, 'the other bound identity''s session is left alone');
SET SESSION AUTHORIZATION cgw_abandon_adm;
SELECT is(claude.end_abandoned_sessions(), 1, 'an admin ends the rest');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
