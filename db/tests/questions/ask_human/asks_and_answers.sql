-- Ask a human: an agent asks (claude.ask_human), only a human
-- overseer answers (claude.answer_question: EXECUTE, the login check and the
-- table's guard), the answer reaches the asking agent as a message from the
-- overseer, a reader sees the questions through claude.question_history.
-- Every role below is a real LOGIN role (SET SESSION AUTHORIZATION changes session_user).
BEGIN;
SELECT plan(48);

CREATE ROLE cgw_q_agent LOGIN IN ROLE claude_agent;
CREATE ROLE cgw_q_other LOGIN IN ROLE claude_agent;
CREATE ROLE cgw_q_admin LOGIN IN ROLE claude_admin;
CREATE ROLE cgw_q_boss LOGIN IN ROLE claude_overseer;
CREATE ROLE cgw_q_idle LOGIN IN ROLE claude_overseer;
CREATE ROLE cgw_q_reader LOGIN IN ROLE claude_reader;
SELECT tests.make_identity('q-agent') AS agent \gset
SELECT tests.make_identity('q-other') AS other \gset
SELECT tests.make_identity('q-boss') AS boss \gset
SELECT tests.make_identity('q-idle') AS idle \gset
SELECT claude.bind_identity(identity_id => :'agent', login_role => 'cgw_q_agent');
SELECT claude.bind_identity(identity_id => :'other', login_role => 'cgw_q_other');
SELECT claude.bind_identity(identity_id => :'boss', login_role => 'cgw_q_boss');
SELECT claude.bind_identity(identity_id => :'idle', login_role => 'cgw_q_idle');
SELECT tests.make_session(:'agent', 'q-proj') AS s_agent \gset
SELECT tests.make_session(:'other', 'q-proj') AS s_other \gset
SELECT tests.make_session(:'boss', 'q-proj') AS s_boss \gset
SELECT tests.make_session(tests.make_identity('q-gone'), 'q-proj') AS s_gone \gset
UPDATE claude.sessions SET session_end = now(), session_summary = 'gone' WHERE session_id = :'s_gone';

-- The agent asks.
SET SESSION AUTHORIZATION cgw_q_agent;
SELECT claude.ask_human(session_id => :'s_agent', question => 'Deploy on Friday?',
                        options => ARRAY['yes', 'no, Monday'], deadline_minutes => 30) AS q1 \gset
SELECT claude.ask_human(session_id => :'s_agent', question => 'Which <b>name</b>?',
                        options => ARRAY['a', 'b'], allow_free_text => false) AS q2 \gset
SELECT claude.ask_human(session_id => :'s_agent', question => 'Anything else?') AS q3 \gset
SELECT is((SELECT status::text FROM claude.question_history WHERE question_id = :'q1'), 'open', 'an asked question is open');

-- Bad questions: the contract's SQLSTATEs, the value named.
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => repeat('x', 4001))$$, :'s_agent'),
    '22001', NULL, 'a question over 4,000 characters is 22001');
SELECT throws_like(format($$SELECT claude.ask_human(session_id => %L, question => 'q', options => array_fill('o'::text, ARRAY[11]))$$, :'s_agent'),
    '%options has 11 items%', 'more than 10 options is refused, naming the count');
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => 'q', options => ARRAY[repeat('o', 201)])$$, :'s_agent'),
    '22001', NULL, 'an option over 200 characters is 22001');
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => E' \u200b ')$$, :'s_agent'),
    '22023', NULL, 'a blank question is 22023');
SELECT throws_like(format($$SELECT claude.ask_human(session_id => %L, question => 'q', options => ARRAY['a', ' '])$$, :'s_agent'),
    '%options[2]%blank%', 'a blank option is refused, naming it');
SELECT throws_like(format($$SELECT claude.ask_human(session_id => %L, question => 'q', options => ARRAY['a', 'a'])$$, :'s_agent'),
    '%repeat an option%', 'a repeated option is refused');
SELECT throws_like(format($$SELECT claude.ask_human(session_id => %L, question => 'q', deadline_minutes => 0)$$, :'s_agent'),
    '%between 1 and 10080%got 0%', 'a deadline of 0 minutes is refused, naming it');
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => 'q', deadline_minutes => 10081)$$, :'s_agent'),
    '22023', NULL, 'a deadline past 7 days is 22023');
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => 'q', allow_free_text => false)$$, :'s_agent'),
    '22023', NULL, 'no options and no free text: nothing could answer it (22023)');
SELECT throws_ok($$SELECT claude.ask_human(session_id => NULL, question => 'q')$$, '22023', 'session_id is required', 'no session is 22023');
SELECT throws_ok($$SELECT claude.ask_human(session_id => '00000000-0000-0000-0000-000000000000', question => 'q')$$,
    'P0002', NULL, 'an unknown session is P0002');
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => 'q')$$, :'s_other'),
    '42501', NULL, 'an agent may not ask as another agent''s session (42501)');
SELECT throws_ok($$SELECT claude.answer_question(question_id => '00000000-0000-0000-0000-000000000000', answer => 'x')$$,
    '42501', NULL, 'an agent may not answer (no EXECUTE)');
SELECT throws_ok(format($$UPDATE claude.human_questions SET status = 'answered' WHERE question_id = %L$$, :'q1'),
    '42501', NULL, 'nor write the table');
RESET SESSION AUTHORIZATION;
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => 'q')$$, :'s_gone'),
    '55000', NULL, 'an ended session cannot ask (55000)');

-- Who may answer: not an admin, not the superuser; a reader sees but cannot answer.
SET SESSION AUTHORIZATION cgw_q_admin;
SELECT throws_ok(format($$SELECT claude.answer_question(question_id => %L, option_number => 1)$$, :'q1'),
    '42501', NULL, 'an admin is not an overseer (42501)');
RESET SESSION AUTHORIZATION;
SELECT throws_like(format($$SELECT claude.answer_question(question_id => %L, option_number => 1, session_id => %L)$$, :'q1', :'s_boss'),
    '%is not a human overseer%', 'nor is the superuser: the function checks the login');
SELECT throws_ok(format($$UPDATE claude.human_questions SET status = 'answered', answer = 'x', answered_at = now(),
                          answered_by_login = session_user, answer_message_id = (SELECT min(message_id::text)::uuid FROM claude.messages)
                          WHERE question_id = %L$$, :'q1'),
    '42501', NULL, 'and the table''s guard refuses an answer written by anyone but an overseer');
SET SESSION AUTHORIZATION cgw_q_reader;
SELECT is((SELECT (asked_by, options, awaiting_answer, overdue) FROM claude.question_history WHERE question_id = :'q1'),
    ('q-agent'::varchar, ARRAY['yes', 'no, Monday'], true, false), 'a reader sees the question, its asker and options');
SELECT ok((SELECT seconds_left BETWEEN 1700 AND 1800 FROM claude.question_history WHERE question_id = :'q1'), 'seconds_left is a number');
SELECT throws_ok(format($$SELECT claude.answer_question(question_id => %L, option_number => 1)$$, :'q1'),
    '42501', NULL, 'a reader cannot answer');
SELECT throws_ok(format($$SELECT claude.ask_human(session_id => %L, question => 'q')$$, :'s_agent'),
    '42501', NULL, 'nor ask');
SELECT throws_ok($$SELECT * FROM claude.human_questions$$, '42501', NULL, 'nor read the table');
RESET SESSION AUTHORIZATION;

-- The overseer answers.
SET SESSION AUTHORIZATION cgw_q_boss;
SELECT throws_ok(format($$SELECT claude.answer_question(question_id => %L)$$, :'q1'),
    '22023', NULL, 'neither an option nor an answer is 22023');
SELECT throws_ok(format($$SELECT claude.answer_question(question_id => %L, answer => 'x', option_number => 1)$$, :'q1'),
    '22023', NULL, 'both is 22023');
SELECT throws_like(format($$SELECT claude.answer_question(question_id => %L, option_number => 3)$$, :'q1'),
    '%option_number 3 is not an option%', 'an option out of range is refused, naming it');
SELECT throws_like(format($$SELECT claude.answer_question(question_id => %L, answer => 'c')$$, :'q2'),
    '%not a free-text answer%', 'free text where only options are allowed is refused');
SELECT throws_ok(format($$SELECT claude.answer_question(question_id => %L, answer => repeat('x', 4001))$$, :'q3'),
    '22001', NULL, 'an answer over 4,000 characters is 22001');
SELECT throws_ok($$SELECT claude.answer_question(question_id => '00000000-0000-0000-0000-000000000000', answer => 'x')$$,
    'P0002', NULL, 'an unknown question is P0002');
SELECT throws_ok(format($$SELECT claude.answer_question(question_id => %L, answer => 'x', session_id => %L)$$, :'q3', :'s_agent'),
    '42501', NULL, 'an overseer answers from their own session only');
SELECT claude.answer_question(question_id => :'q1', option_number => 2) AS m1 \gset
SELECT throws_like(format($$SELECT claude.answer_question(question_id => %L, answer => 'again')$$, :'q1'),
    '%already answered by cgw_q_boss%', 'a question is answered once');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION cgw_q_idle;
SELECT throws_like(format($$SELECT claude.answer_question(question_id => %L, answer => 'x')$$, :'q3'),
    '%has no active session%', 'an overseer without an active session is told to start one (55000)');
RESET SESSION AUTHORIZATION;

-- The answer reaches the asking agent: a message from the overseer.
SELECT is((SELECT (from_overseer, sent_by_login, to_session_id, priority::text, metadata ->> 'question_id')
             FROM claude.messages WHERE message_id = :'m1'),
    (true, 'cgw_q_boss'::text, :'s_agent'::uuid, 'urgent'::text, :'q1'::text),
    'the answer is an urgent message to the asking session, marked from_overseer by the database');
SET SESSION AUTHORIZATION cgw_q_agent;
SELECT is((SELECT (from_overseer, left(body, 10)) FROM claude.get_pending_messages(session_id => :'s_agent') WHERE message_id = :'m1'),
    (true, 'no, Monday'::text), 'it is in the agent''s inbox, with the chosen option');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT (status::text, answer, answer_option, answered_by, answer_message_id) FROM claude.question_history WHERE question_id = :'q1'),
    ('answered'::text, 'no, Monday'::text, 2, 'q-boss'::varchar, :'m1'::uuid), 'the question records its answer');
SELECT is((SELECT count(*)::int FROM claude.activity_feed WHERE source_id = :'q1' AND activity_type IN ('question_asked', 'question_answered')),
    2, 'asked and answered are in the activity feed');

-- Escalation: once, at the deadline, even when run twice.
UPDATE claude.human_questions SET asked_at = now() - interval '2 hours', deadline = now() - interval '1 hour'
 WHERE question_id IN (:'q2', :'q3');
SET SESSION AUTHORIZATION cgw_q_agent;
SELECT is(claude.escalate_overdue_questions(), 2, 'the two overdue questions escalate');
SELECT is(claude.escalate_overdue_questions(), 0, 'and only once');
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*)::int FROM claude.activity_feed
            WHERE source_id IN (:'q2', :'q3') AND activity_type = 'question_escalated' AND severity = 'warning'),
    2, 'one activity warning per escalated question');
SELECT is((SELECT (status::text, overdue) FROM claude.question_history WHERE question_id = :'q2'),
    ('escalated'::text, true), 'escalated and overdue');
SELECT throws_ok(format($$UPDATE claude.human_questions SET status = 'open', escalated_at = NULL WHERE question_id = %L$$, :'q2'),
    '55000', NULL, 'an escalated question never moves back to open (the guard)');
SELECT throws_ok(format($$UPDATE claude.human_questions SET question = 'changed' WHERE question_id = %L$$, :'q3'),
    '55000', NULL, 'what was asked never changes');
SET SESSION AUTHORIZATION cgw_q_boss;
SELECT lives_ok(format($$SELECT claude.answer_question(question_id => %L, answer => 'later, but yes')$$, :'q3'),
    'an escalated question can still be answered');
RESET SESSION AUTHORIZATION;
SELECT throws_ok(format($$UPDATE claude.human_questions SET answer = 'forged' WHERE question_id = %L$$, :'q3'),
    '55000', NULL, 'an answered question never changes');
SELECT throws_ok(format($$INSERT INTO claude.human_questions (session_id, identity_id, project_name, question, deadline)
                          VALUES (%L, %L, 'q-proj', 'x', now() + interval '1 hour')$$, :'s_agent', :'other'),
    '23514', NULL, 'a direct write: the identity of a question is its session''s');
SELECT throws_ok(format($$INSERT INTO claude.human_questions (session_id, identity_id, project_name, question, deadline, asked_by_login)
                          VALUES (%L, %L, 'q-proj', 'x', now() + interval '1 hour', 'cgw_q_boss')$$, :'s_agent', :'agent'),
    '23514', NULL, 'asked_by_login is the asking login, never given');
SELECT throws_ok(format($$DELETE FROM claude.human_questions WHERE question_id = %L$$, :'q3'),
    '55000', NULL, 'nor is deleted');

SELECT * FROM finish();
ROLLBACK;
