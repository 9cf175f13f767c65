-- Ending a session releases its leases, whatever ends it: end_session, a new
-- session start superseding it, end_abandoned_sessions (a stale identity),
-- or a direct write.
BEGIN;
SELECT plan(10);

SELECT tests.make_project('lease-end') AS p \gset
SELECT tests.make_identity('lease-end-a') AS a \gset
SELECT tests.make_session(:'a', :'p') AS s1 \gset
SELECT count(*) FROM claude.acquire_lease(session_id => :'s1', paths => ARRAY['x/**', 'y.txt']);

SELECT claude.end_session(session_id => :'s1', summary => 'done');
SELECT results_eq(format($$SELECT released_at, release_cause FROM claude.file_leases WHERE session_id = %L$$, :'s1'),
                  $$VALUES (now(), 'session_ended'::varchar), (now(), 'session_ended'::varchar)$$,
                  'end_session releases the session''s leases (cause session_ended)');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed f JOIN claude.file_leases l ON l.lease_id = f.source_id
            WHERE l.session_id = :'s1' AND f.activity_type = 'lease_released'), 2, 'each release is in the feed');

-- superseded by a new session start
SELECT (claude.session_startup(identity_id => :'a', project_name => :'p'))->>'session_id' AS s2 \gset
SELECT count(*) FROM claude.acquire_lease(session_id => :'s2', paths => ARRAY['x/**']);
SELECT (claude.session_startup(identity_id => :'a', project_name => :'p'))->>'session_id' AS s3 \gset
SELECT is((SELECT release_cause FROM claude.file_leases WHERE session_id = :'s2'), 'session_ended',
          'a new start of the identity ends the old session and releases its leases');

-- an identity gone stale: end_abandoned_sessions ends its session
SELECT count(*) FROM claude.acquire_lease(session_id => :'s3', paths => ARRAY['z/**']);
UPDATE claude.sessions SET session_start = now() - interval '2 days' WHERE session_id = :'s3';
UPDATE claude.identities SET last_active_at = now() - interval '2 days' WHERE identity_id = :'a';
SELECT cmp_ok(claude.end_abandoned_sessions(idle_for => '1 day'), '>=', 1, 'end_abandoned_sessions ends the stale session');
SELECT is((SELECT release_cause FROM claude.file_leases WHERE session_id = :'s3'), 'session_ended',
          '... and its leases are released');
SELECT is((SELECT count(*)::integer FROM claude.live_leases WHERE identity_id = :'a'), 0, 'the stale identity holds nothing');

-- a direct owner write
SELECT tests.make_session(tests.make_identity(), :'p') AS s4 \gset
SELECT count(*) FROM claude.acquire_lease(session_id => :'s4', paths => ARRAY['w']);
UPDATE claude.sessions SET session_end = now(), session_summary = 'by hand' WHERE session_id = :'s4';
SELECT is((SELECT release_cause FROM claude.file_leases WHERE session_id = :'s4'), 'session_ended', 'a direct session end releases too');

-- released leases stay as they were
SELECT tests.make_session(tests.make_identity(), :'p') AS s5 \gset
SELECT lease_id AS l5 FROM claude.acquire_lease(session_id => :'s5', paths => ARRAY['v']) \gset
SELECT claude.release_lease(lease_id => :'l5');
SELECT claude.end_session(session_id => :'s5', summary => 'done');
SELECT results_eq(format($$SELECT release_cause, released_at FROM claude.file_leases WHERE lease_id = %L$$, :'l5'),
                  $$VALUES ('released'::varchar, now())$$, 'an already released lease is left alone');
SELECT is((SELECT count(*)::integer FROM claude.activity_feed WHERE source_id = :'l5' AND activity_type = 'lease_released'), 1,
          '... and not released twice in the feed');
SELECT lives_ok(format($$SELECT claude.acquire_lease(session_id => %L, paths => ARRAY['x/**', 'y.txt', 'z/a', 'w', 'v'])$$,
                       tests.make_session(tests.make_identity(), :'p')),
                'every path of the ended sessions is free');

SELECT * FROM finish();
ROLLBACK;
