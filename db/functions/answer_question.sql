-- A human overseer answers a question: only members of
-- claude_overseer (EXECUTE is theirs alone, the function checks the login,
-- and the table's guard checks it again).  The answer goes to the asking
-- session's identity as an urgent message from the overseer's session, so
-- the database marks it from_overseer.
CREATE OR REPLACE FUNCTION claude.answer_question(
    question_id   uuid,
    answer        text    DEFAULT NULL,
    option_number integer DEFAULT NULL,
    session_id    uuid    DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_q        claude.human_questions%ROWTYPE;
    v_session  uuid := answer_question.session_id;
    v_identity uuid;
    v_end      timestamptz;
    v_answer   text;
    v_message  uuid;
BEGIN
    PERFORM claude._check_length('answer', answer_question.answer, 4000,
        'An answer is at most 4,000 characters: answer shortly and send the details in a message.');
    IF NOT claude._login_is_overseer() THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('login %I is not a human overseer and may not answer question %s',
                             session_user, answer_question.question_id),
            HINT = 'Only members of claude_overseer answer questions: ask an admin for an overseer login (claude-gateway overseer add NAME).';
    END IF;
    IF answer_question.question_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'question_id is required',
            HINT = 'Pass the question_id shown in claude.question_history.';
    END IF;
    -- The answering session: the one given, else the active session of the login's identity.
    IF v_session IS NULL THEN
        v_identity := claude.whoami();
        IF v_identity IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('session_id is required: login %I is bound to no identity', session_user),
                HINT = 'Pass your active session_id, or have an admin bind your login (claude.bind_identity).';
        END IF;
        v_session := claude.get_active_session(identity_id => v_identity);
        IF v_session IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = format('identity %s of login %I has no active session to answer from', v_identity, session_user),
                HINT = 'Start a session (claude.start_session or claude-gateway startup), or pass session_id.';
        END IF;
    ELSE
        v_identity := claude._authorize_session(v_session);
        SELECT s.session_end INTO v_end FROM claude.sessions s WHERE s.session_id = v_session;
        PERFORM claude._refuse_ended_session(v_session, v_end, 'answer',
            'Answer from your current (active) session.');
    END IF;

    -- One answer, whoever else answers at the same moment: the row lock decides.
    SELECT * INTO v_q FROM claude.human_questions q WHERE q.question_id = answer_question.question_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002',
            MESSAGE = format('question %s does not exist', answer_question.question_id),
            HINT = 'Pass a question_id from claude.question_history.';
    END IF;
    IF v_q.status = 'answered' THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = format('question %s was already answered by %s at %s', v_q.question_id,
                             v_q.answered_by_login, v_q.answered_at),
            HINT = 'Send the asking agent a message if you have more to say.';
    END IF;
    IF (answer_question.option_number IS NULL) = (answer_question.answer IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('answer question %s with either option_number or answer, not %s', v_q.question_id,
                             CASE WHEN answer_question.answer IS NULL THEN 'neither' ELSE 'both' END),
            HINT = 'Choose an option by its number (1-based), or write the answer as text.';
    END IF;
    IF answer_question.option_number IS NOT NULL THEN
        IF answer_question.option_number NOT BETWEEN 1 AND cardinality(v_q.options) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('option_number %s is not an option of question %s (it has %s)',
                                 answer_question.option_number, v_q.question_id, cardinality(v_q.options)),
                HINT = 'Choose a number from 1 to the number of options, or answer in text.';
        END IF;
        v_answer := v_q.options[answer_question.option_number];
    ELSE
        PERFORM claude._check_required('answer', answer_question.answer, 'Write the answer, or choose an option.');
        IF NOT v_q.allow_free_text THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('question %s takes one of its %s options, not a free-text answer',
                                 v_q.question_id, cardinality(v_q.options)),
                HINT = 'Choose an option by its number (option_number).';
        END IF;
        v_answer := answer_question.answer;
    END IF;

    v_message := claude._new_message(
        p_from_session_id => v_session,
        p_to_session_id   => v_q.session_id,
        p_to_project      => NULL,
        p_subject         => left('Answer: ' || regexp_replace(v_q.question, '\s+', ' ', 'g'), 200),
        p_body            => v_answer || E'\n\n(The answer of a human overseer to your question: '
                             || left(v_q.question, 1000) || CASE WHEN length(v_q.question) > 1000 THEN '…' ELSE '' END || ')',
        p_message_type    => 'notification',
        p_priority        => 'urgent',
        p_expires_in_days => NULL,
        p_metadata        => jsonb_build_object('question_id', v_q.question_id, 'option_number',
                                                answer_question.option_number, 'answer', v_answer),
        p_in_reply_to     => NULL);

    UPDATE claude.human_questions q
       SET status = 'answered', answer = v_answer, answer_option = answer_question.option_number,
           answered_at = now(), answered_by_login = session_user, answered_by_identity_id = v_identity,
           answer_message_id = v_message
     WHERE q.question_id = v_q.question_id;
    RETURN v_message;
END;
$$;
COMMENT ON FUNCTION claude.answer_question(uuid, text, integer, uuid) IS
'Answer a question an agent asked (human overseers only: members of claude_overseer); returns the id of the message that carries the answer to the asking agent (urgent, from_overseer true, metadata.question_id). An escalated question can still be answered; an answered one cannot (55000).
Parameters:
- question_id: the question (P0002 unknown).
- answer: your own words, at most 4,000 characters (when the question allows free text).
- option_number: the chosen option, 1-based; give this or answer, not both.
- session_id: your active session (default: that of your login''s identity).

Errors: 42501 not an overseer, or not your session; 22023 bad answer or option; 55000 answered or no active session.';
REVOKE ALL ON FUNCTION claude.answer_question(uuid, text, integer, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.answer_question(uuid, text, integer, uuid) TO claude_overseer;
