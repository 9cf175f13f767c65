-- docs/RULES.md, "Identity from the connection", function by function: every function that acts as an identity
-- (identity_id, session_id, from_session_id, the reader of a message, the
-- named creator of a reminder, knowledge or activity, the holder of a lease) is refused with 42501
-- when the connection's login may not act as that identity, and works when
-- it may.  Each scenario switches the session's login (SET SESSION
-- AUTHORIZATION changes session_user, which SECURITY DEFINER functions see,
-- unlike SET ROLE) to a LOGIN role created here (and rolled back):
--   a bound agent acting as another bound identity          -> 42501
--   a bound agent acting as an unbound identity             -> 42501
--   an unbound agent login acting as a bound identity       -> 42501
--   an unbound admin login acting as a bound identity       -> works
--   an unbound agent login acting as an unbound identity    -> works
--   a bound agent acting as its own identity                -> works
-- The last test fails when a new API function takes an identity or a session
-- and is not added here.  A case that works is run and rolled back (pg_temp.succeeds), so every case
-- starts from the same rows.
BEGIN;
SELECT plan(6 * 26 + 2);

SELECT tests.make_login('cgw_actas_a'), tests.make_login('cgw_actas_b'),
       tests.make_login('cgw_actas_u'), tests.make_login('cgw_actas_adm', 'claude_admin');

SELECT tests.make_project('actas');
CREATE TEMP TABLE targets (name text PRIMARY KEY, identity_id uuid, identity_name text, session_id uuid,
                           direct uuid, broadcast uuid, recipient uuid, job uuid, lease uuid);
GRANT SELECT ON targets TO PUBLIC;
INSERT INTO targets (name, identity_id, identity_name)
SELECT n, tests.make_identity('actas-' || n), 'actas-' || n FROM unnest(ARRAY['A', 'B', 'C', 'R']) AS n;
UPDATE targets SET session_id = tests.make_session(identity_id, 'actas');
UPDATE targets SET lease = (SELECT l.lease_id FROM claude.acquire_lease(session_id => targets.session_id,
                                                                       paths => ARRAY['held/' || targets.name || '/**']) l);
SELECT claude.bind_identity(identity_id, 'cgw_actas_' || lower(name)) FROM targets WHERE name IN ('A', 'B');
UPDATE targets t SET recipient = r.session_id FROM targets r WHERE r.name = 'R';
UPDATE targets t SET direct = claude.send_message(from_session_id => t.recipient, to_session_id => t.session_id,
                                                  subject => 'to ' || t.name, body => 'b');
UPDATE targets t SET broadcast = claude.broadcast_to_project(from_session_id => t.recipient, project_name => 'actas',
                                                             subject => 'all', body => 'b');
UPDATE targets t SET job = tests.make_job(project_name => 'actas');

-- The functions, as format() templates over a target row:
-- %1$L identity_id, %2$L session_id, %3$L a direct message to it, %4$L a
-- broadcast to its project, %5$L another session (a recipient), %6$L a job,
-- %7$L identity_name, %8$L a lease it holds.  `before` runs first where the case needs it (only when
-- the case is expected to work).
CREATE TEMP TABLE cases (ord int PRIMARY KEY, fn text, sql text, before text);
GRANT SELECT ON cases TO PUBLIC;
INSERT INTO cases VALUES
 (1, 'session_startup', $$SELECT claude.session_startup(identity_id => %1$L, project_name => 'actas')$$, NULL),
 (2, 'start_session', $$SELECT claude.start_session(identity_id => %1$L, project_name => 'actas')$$,
     $$SELECT claude.end_session(session_id => %2$L, summary => 'make way')$$),
 (3, 'update_identity_activity', $$SELECT claude.update_identity_activity(identity_id => %1$L)$$, NULL),
 (4, 'end_session', $$SELECT claude.end_session(session_id => %2$L, summary => 'done')$$, NULL),
 (5, 'send_message', $$SELECT claude.send_message(from_session_id => %2$L, to_session_id => %5$L, subject => 's', body => 'b')$$, NULL),
 (6, 'broadcast_to_project', $$SELECT claude.broadcast_to_project(from_session_id => %2$L, project_name => 'actas', subject => 's', body => 'b')$$, NULL),
 (7, 'get_pending_messages', $$SELECT count(*) FROM claude.get_pending_messages(session_id => %2$L)$$, NULL),
 (8, 'mark_message_read (reader session)', $$SELECT claude.mark_message_read(message_id => %3$L, session_id => %2$L)$$, NULL),
 (9, 'mark_message_read (the recipient reads)', $$SELECT claude.mark_message_read(message_id => %3$L)$$, NULL),
 (10, 'mark_message_read (broadcast reader)', $$SELECT claude.mark_message_read(message_id => %4$L, session_id => %2$L)$$, NULL),
 (11, 'acknowledge_message (reader session)', $$SELECT claude.acknowledge_message(message_id => %3$L, session_id => %2$L)$$, NULL),
 (12, 'acknowledge_message (the recipient)', $$SELECT claude.acknowledge_message(message_id => %3$L)$$, NULL),
 (13, 'claim_job', $$SELECT claude.claim_job(job_id => %6$L, session_id => %2$L)$$, NULL),
 (14, 'record_knowledge', $$SELECT claude.record_knowledge(title => 't', description => 'd', knowledge_type => 'pattern', learned_by_identity_id => %1$L)$$, NULL),
 (15, 'create_reminder', $$SELECT claude.create_reminder(title => 't', check_after => now(), created_by => %7$L)$$, NULL),
 (16, 'log_activity', $$SELECT claude.log_activity(source_type => 'test', source_id => NULL, actor => %7$L, activity_type => 'x', title => 't')$$, NULL),
 (17, 'deliver_new_messages', $$SELECT claude.deliver_new_messages(session_id => %2$L)$$, NULL),
 (18, 'touch_session', $$SELECT claude.touch_session(session_id => %2$L)$$, NULL),
 (19, 'session_context', $$SELECT claude.session_context(session_id => %2$L)$$, NULL),
 (20, 'acquire_lease', $$SELECT count(*) FROM claude.acquire_lease(session_id => %2$L, paths => ARRAY['mine/**'])$$, NULL),
 (21, 'renew_lease', $$SELECT claude.renew_lease(lease_id => %8$L)$$, NULL),
 (22, 'release_lease', $$SELECT claude.release_lease(lease_id => %8$L)$$, NULL),
 (23, 'release_leases', $$SELECT claude.release_leases(session_id => %2$L)$$, NULL),
 (24, 'ask_human', $$SELECT claude.ask_human(session_id => %2$L, question => 'q?')$$, NULL),
 (25, 'claim_next_job', $$SELECT claude.claim_next_job(session_id => %2$L, project_name => 'actas')$$, NULL),
 (26, 'send_messages', $$SELECT claude.send_messages(from_session_id => %2$L, messages => jsonb_build_array(jsonb_build_object('to_session_id', %5$L, 'subject', 's', 'body', 'b')))$$, NULL);

CREATE FUNCTION pg_temp.case_sql(tmpl text, t targets) RETURNS text LANGUAGE sql AS $$
    SELECT format(tmpl, t.identity_id, t.session_id, t.direct, t.broadcast, t.recipient, t.job, t.identity_name, t.lease)
$$;
-- NULL when every statement runs without error (their effects are then
-- rolled back), else the SQLSTATE and message of the first failure.
CREATE FUNCTION pg_temp.succeeds(VARIADIC sqls text[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    s text;
BEGIN
    BEGIN
        FOREACH s IN ARRAY sqls LOOP
            IF s IS NOT NULL THEN EXECUTE s; END IF;
        END LOOP;
        RAISE EXCEPTION USING ERRCODE = 'XX999', MESSAGE = 'roll back';
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE = 'XX999' THEN RETURN NULL; END IF;
        RETURN SQLSTATE || ': ' || SQLERRM;
    END;
END $$;
-- Every case, as the session's login, on the rows of target `target`: one test each,
-- that it is refused with 42501 (refused) or that it works.
CREATE FUNCTION pg_temp.every_case(target text, refused boolean, said text) RETURNS SETOF text LANGUAGE sql AS $$
    SELECT CASE WHEN refused
                THEN throws_ok(pg_temp.case_sql(c.sql, t), '42501', NULL, c.fn || ': ' || said)
                ELSE is(pg_temp.succeeds(pg_temp.case_sql(c.before, t), pg_temp.case_sql(c.sql, t)), NULL,
                        c.fn || ': ' || said)
           END
      FROM cases c, targets t WHERE t.name = target ORDER BY c.ord
$$;

SELECT is((SELECT count(*)::int FROM cases), 26, 'twenty-six ways of acting as an identity');
-- Every API function with a parameter that names an identity or a session is
-- one of the cases, or a lookup / admin tool listed here with the reason.
SELECT is_empty($$
    SELECT p.proname::text FROM pg_proc p
     WHERE p.pronamespace = 'claude'::regnamespace AND p.proname !~ '^(_|tg_)'
       AND p.proargnames && ARRAY['identity_id', 'session_id', 'from_session_id', 'learned_by_identity_id',
                                  'created_by_identity_id', 'created_by', 'actor']::text[]
       AND p.proname::text NOT IN (SELECT split_part(fn, ' ', 1) FROM cases)
       AND p.proname::text NOT IN (
           'get_active_session',     -- a lookup: another agent needs it to write to that identity
           'get_session_project',    -- a lookup: the project a session works in, acting as no one
           'check_paths',            -- a read-only lookup: session_id only leaves that holder's leases out (live_leases shows all)
           'archive_identity',       -- admin only: acts on an identity, not as it
           'bind_identity',          -- admin only
           'answer_question',        -- human overseers only (42501 for every agent and admin): db/tests/questions
           'create_scheduled_job')   -- admin only (calls _authorize_identity on created_by_identity_id all the same)
$$, 'every API function that takes an identity or a session is checked here (or listed as a lookup or admin tool)');

SET SESSION AUTHORIZATION cgw_actas_a;
SELECT pg_temp.every_case('B', true, 'a bound login cannot act as another bound identity');
SELECT pg_temp.every_case('C', true, 'a bound login cannot act as an unbound identity');
SELECT pg_temp.every_case('A', false, 'a bound login acts as its own identity');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION cgw_actas_u;
SELECT pg_temp.every_case('B', true, 'an unbound login cannot act as a bound identity');
SELECT pg_temp.every_case('C', false, 'an unbound login acts as an unbound identity');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION cgw_actas_adm;
SELECT pg_temp.every_case('B', false, 'a claude_admin login acts for a bound identity');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
