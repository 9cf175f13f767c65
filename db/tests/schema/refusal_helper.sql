-- claude._refuse_change raises 55000 where a guard calls it, and only there:
-- a call with constant arguments that no row reaches raises nothing (an
-- IMMUTABLE helper would be run by the planner and raise regardless).
BEGIN;
SELECT plan(2);

SELECT throws_ok($$SELECT claude._refuse_change('session x cannot be moved', 'start a new one')$$,
    '55000', 'session x cannot be moved', 'it raises 55000 with the caller''s message');
SELECT lives_ok($$SELECT count(*) FROM claude.identities
                   WHERE identity_name = 'no such identity ' || gen_random_uuid()
                     AND claude._refuse_change('planned, never reached', 'none') IS NULL$$,
    'a call that no row reaches is not run while planning');

SELECT * FROM finish();
ROLLBACK;
