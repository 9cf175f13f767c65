-- end_abandoned_sessions acts for many identities at once: it ends only the
-- sessions of identities the caller's login may act as (docs/RULES.md, "Identity from the connection"); an
-- admin ends them all.
BEGIN;
SELECT plan(4);

CREATE ROLE cgw_abandon_a LOGIN IN ROLE claude_agent;
CREATE ROLE cgw_abandon_u LOGIN IN ROLE claude_agent;
CREATE ROLE cgw_abandon_adm LOGIN IN ROLE claude_admin;
SELECT tests.make_identity('abandon-a') AS a \gset
SELECT tests.make_identity('abandon-b') AS b \gset
SELECT tests.make_identity('abandon-c') AS c \gset
SELECT claude.bind_identity(:'a', 'cgw_abandon_a');
SELECT claude.bind_identity(:'b', 'cgw_abandon_adm');
-- every other active session is left out of this test's counts
UPDATE claude.sessions SET session_end = now(), session_summary = 'out of the way' WHERE session_end IS NULL;
SELECT tests.make_session(:'a', 'abandon') AS sa \gset
SELECT tests.make_session(:'b', 'abandon') AS sb \gset
SELECT tests.make_session(:'c', 'abandon') AS sc \gset
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
