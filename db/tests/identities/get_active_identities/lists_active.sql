-- get_active_identities: active only, most recently active first, never-active last.
BEGIN;
SELECT plan(2);

SELECT tests.make_identity('gai-old') AS old \gset
SELECT tests.make_identity('gai-new') AS new \gset
SELECT tests.make_identity('gai-never') AS never \gset
SELECT tests.make_identity('gai-gone') AS gone \gset
UPDATE claude.identities SET last_active_at = now() - interval '2 days' WHERE identity_id = :'old';
UPDATE claude.identities SET last_active_at = now() - interval '1 hour' WHERE identity_id = :'new';
UPDATE claude.identities SET last_active_at = now(), status = 'archived' WHERE identity_id = :'gone';

SELECT results_eq(
    $$SELECT identity_name::text FROM claude.get_active_identities() WHERE identity_name LIKE 'gai-%'$$,
    ARRAY['gai-new', 'gai-old', 'gai-never'],
    'active identities, last_active_at DESC NULLS LAST; archived ones are left out');
SELECT is((SELECT count(*)::int FROM claude.get_active_identities() WHERE status <> 'active'), 0, 'only active identities');

SELECT * FROM finish();
ROLLBACK;
