-- Each allowed-value list is defined once (db/values/): every enumeration
-- CHECK reads its function, validators and hints follow it, orders follow
-- its order, and adding a value there is all it takes.
BEGIN;
SELECT plan(8);

SELECT is_empty($$
    SELECT c.conrelid::regclass || '.' || c.conname
      FROM pg_constraint c
     WHERE c.connamespace = 'claude'::regnamespace AND c.contype = 'c'
       AND (c.conname LIKE '%\_is\_known' OR c.conname LIKE '%\_is\_a\_calendar\_date')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_constraint'::regclass AND d.objid = c.oid
                          AND d.refclassid = 'pg_proc'::regclass)$$,
    'every enumeration and calendar CHECK reads its definition (no literal list)');
-- No function body writes a whole list out again: a parenthesised list or
-- ARRAY[...] of literals holding every value of a definition (of three or
-- more: two values, such as read and acknowledged, also name states) is a copy.
CREATE FUNCTION pg_temp.copied_lists() RETURNS TABLE (fn text, list text) LANGUAGE plpgsql AS $$
DECLARE
    v record;
    f record;
    m text[];
    v_values text[];
    v_literals text[];
BEGIN
    FOR v IN SELECT p.proname FROM pg_proc p
              WHERE p.pronamespace = 'claude'::regnamespace AND p.pronargs = 0
                AND p.prorettype = 'text[]'::regtype AND p.provolatile = 'i' LOOP
        EXECUTE format('SELECT claude.%I()', v.proname) INTO v_values;
        CONTINUE WHEN cardinality(v_values) < 3;
        FOR f IN SELECT p.oid::regprocedure::text AS name, p.prosrc FROM pg_proc p
                  WHERE p.pronamespace = 'claude'::regnamespace
                    AND NOT (p.pronargs = 0 AND p.prorettype = 'text[]'::regtype AND p.provolatile = 'i') LOOP
            FOR m IN SELECT regexp_matches(f.prosrc, '([(\[]\s*''[^'']*''(\s*,\s*''[^'']*'')+\s*[)\]])', 'g') LOOP
                SELECT array_agg(x[1]) INTO v_literals FROM regexp_matches(m[1], '''([^'']*)''', 'g') AS x;
                IF v_values <@ v_literals THEN
                    fn := f.name;
                    list := v.proname;
                    RETURN NEXT;
                END IF;
            END LOOP;
        END LOOP;
    END LOOP;
END $$;
SELECT is_empty($$SELECT fn || ' copies ' || list FROM pg_temp.copied_lists()$$,
                'no function writes out a whole allowed-value list (it reads its db/values definition)');
-- The hint lists the definition, in its order.
CREATE FUNCTION pg_temp.hint_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v_hint text;
BEGIN
    EXECUTE sql;
    RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS v_hint = PG_EXCEPTION_HINT;
    RETURN v_hint;
END $$;
SELECT tests.make_project('av-p');
SELECT is(pg_temp.hint_of(format($$SELECT claude.send_message(from_session_id => %L, to_session_id => %L,
                                   subject => 's', body => 'b', priority => 'soon')$$,
                                 tests.make_session(tests.make_identity('av-a'), 'av-p'),
                                 tests.make_session(tests.make_identity('av-b'), 'av-p'))),
          'priority is one of: ' || array_to_string(claude._message_priorities(), ', ') || '.',
          'an unknown priority is 22023 with the values of claude._message_priorities() as hint');

-- The inbox ranks priorities by their position in the definition.
SELECT is(pg_temp.hint_of($$SELECT claude.log_activity(source_type => 'ticket', source_id => NULL, actor => 'a', activity_type => 'x', title => 'x')$$),
          'source_type is one of: ' || array_to_string(claude._activity_source_types(), ', ') || '.',
          'the same helper words every list''s hint (log_activity source_type)');
SELECT claude.send_message(from_session_id => (SELECT session_id FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE i.identity_name = 'av-a'),
                           to_session_id => (SELECT session_id FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE i.identity_name = 'av-b'),
                           subject => 'p-' || p, body => 'b', priority => p)
  FROM unnest(claude._message_priorities()) AS p;
SELECT results_eq($$SELECT priority::text, priority_rank FROM claude.inbox WHERE to_identity_name = 'av-b' ORDER BY priority_rank$$,
                  $$SELECT p, o::integer FROM unnest(claude._message_priorities()) WITH ORDINALITY AS u(p, o) ORDER BY o$$,
                  'inbox.priority_rank is the position in claude._message_priorities()');

-- Adding a value is editing its one function: the CHECK, the validator and the hint follow.
CREATE OR REPLACE FUNCTION claude._message_priorities() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$ BEGIN RETURN ARRAY['urgent', 'normal', 'low', 'someday']::text[]; END $$;
SELECT lives_ok($$SELECT claude.send_message(
                    from_session_id => (SELECT session_id FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE i.identity_name = 'av-a'),
                    to_session_id => (SELECT session_id FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE i.identity_name = 'av-b'),
                    subject => 'later', body => 'b', priority => 'someday')$$,
                'a value added to the definition is accepted by the validator and the CHECK');
SELECT is((SELECT priority_rank FROM claude.inbox WHERE subject = 'later'), 4, 'and ranked after the others');
SELECT throws_ok($$INSERT INTO claude.messages (from_session_id, to_project, subject, body, priority)
                   VALUES ((SELECT session_id FROM claude.sessions s JOIN claude.identities i USING (identity_id) WHERE i.identity_name = 'av-a'),
                           'av-p', 's', 'b', 'never')$$,
                 '23514', NULL, 'a value outside the definition still violates messages_priority_is_known');

SELECT * FROM finish();
ROLLBACK;
