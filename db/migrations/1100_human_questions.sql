-- depends: 0900_identity_logins
-- Ask a human: an agent asks the human overseers a question
-- with a bounded list of options and a deadline (claude.ask_human); an
-- overseer (a login in claude_overseer) answers it (claude.answer_question),
-- and the answer reaches the asking agent as a message from the overseer.
-- A question still open at its deadline escalates once (an activity warning,
-- claude.escalate_overdue_questions, run by claude.run_maintenance).
-- The rules live here: CHECKs on the row, the transition guard
-- (db/triggers/human_questions__guard.sql) on every change.
CREATE TABLE claude.human_questions (
    question_id             uuid         NOT NULL DEFAULT gen_random_uuid(),
    session_id              uuid         NOT NULL,
    identity_id             uuid         NOT NULL,
    project_name            varchar(200) NOT NULL,
    question                text         NOT NULL,
    options                 text[]       NOT NULL DEFAULT '{}',
    allow_free_text         boolean      NOT NULL DEFAULT true,
    asked_by_login          text         DEFAULT session_user,
    asked_at                timestamptz  NOT NULL DEFAULT now(),
    deadline                timestamptz  NOT NULL,
    status                  varchar(20)  NOT NULL DEFAULT 'open',
    escalated_at            timestamptz,
    answer                  text,
    answer_option           integer,
    answered_at             timestamptz,
    answered_by_login       text,
    answered_by_identity_id uuid,
    answer_message_id       uuid,
    CONSTRAINT human_questions_pkey PRIMARY KEY (question_id),
    CONSTRAINT human_questions_session_id_fkey FOREIGN KEY (session_id) REFERENCES claude.sessions (session_id),
    CONSTRAINT human_questions_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES claude.identities (identity_id),
    CONSTRAINT human_questions_answered_by_identity_id_fkey FOREIGN KEY (answered_by_identity_id)
        REFERENCES claude.identities (identity_id),
    CONSTRAINT human_questions_answer_message_id_fkey FOREIGN KEY (answer_message_id)
        REFERENCES claude.messages (message_id),
    CONSTRAINT human_questions_status_is_known CHECK (status IN ('open', 'escalated', 'answered')),
    CONSTRAINT human_questions_question_is_bounded
        CHECK (btrim(question) <> '' AND char_length(question) <= 4000),
    CONSTRAINT human_questions_options_are_bounded
        CHECK (cardinality(options) <= 10 AND array_position(options, NULL) IS NULL
               AND char_length(array_to_string(options, '')) <= 2000),
    CONSTRAINT human_questions_can_be_answered CHECK (cardinality(options) > 0 OR allow_free_text),
    CONSTRAINT human_questions_deadline_after_asked CHECK (deadline > asked_at),
    CONSTRAINT human_questions_answer_is_bounded CHECK (answer IS NULL OR char_length(answer) <= 4000),
    CONSTRAINT human_questions_answer_option_in_range
        CHECK (answer_option IS NULL OR answer_option BETWEEN 1 AND cardinality(options)),
    CONSTRAINT human_questions_answered_has_answer CHECK (
        (status = 'answered') = (answered_at IS NOT NULL)
        AND (status <> 'answered' OR (answer IS NOT NULL AND btrim(answer) <> '' AND answered_by_login IS NOT NULL
                                      AND answer_message_id IS NOT NULL))
        AND (status = 'answered' OR (answer IS NULL AND answer_option IS NULL AND answered_by_login IS NULL
                                     AND answered_by_identity_id IS NULL AND answer_message_id IS NULL))),
    CONSTRAINT human_questions_escalated_has_time CHECK (
        (status = 'open' AND escalated_at IS NULL) OR (status = 'escalated' AND escalated_at IS NOT NULL)
        OR status = 'answered')
);
-- The escalation scan (open questions by deadline), the overseers' list, an agent's questions.
CREATE INDEX human_questions_open_deadline_idx ON claude.human_questions (deadline) WHERE status = 'open';
CREATE INDEX human_questions_asked_at_idx ON claude.human_questions (asked_at DESC, question_id DESC);
CREATE INDEX human_questions_identity_id_idx ON claude.human_questions (identity_id, asked_at DESC);
CREATE INDEX human_questions_session_id_idx ON claude.human_questions (session_id);
CREATE INDEX human_questions_answer_message_id_idx ON claude.human_questions (answer_message_id)
    WHERE answer_message_id IS NOT NULL;

COMMENT ON TABLE claude.human_questions IS 'Questions agents ask the human overseers (claude.ask_human), with options, a deadline and the answer (claude.answer_question). Status moves open -> escalated -> answered or open -> answered, never back.';
COMMENT ON COLUMN claude.human_questions.question_id IS 'Primary key';
COMMENT ON COLUMN claude.human_questions.session_id IS 'The asking session: the answer is sent to it (mail follows its identity)';
COMMENT ON COLUMN claude.human_questions.identity_id IS 'The asking identity';
COMMENT ON COLUMN claude.human_questions.project_name IS 'The asking session''s project';
COMMENT ON COLUMN claude.human_questions.question IS 'The question (1 to 4,000 characters)';
COMMENT ON COLUMN claude.human_questions.options IS 'The answers to choose from (at most 10, each at most 200 characters); empty: free text only';
COMMENT ON COLUMN claude.human_questions.allow_free_text IS 'Whether an overseer may answer in their own words instead of choosing an option';
COMMENT ON COLUMN claude.human_questions.asked_by_login IS 'The PostgreSQL login that asked, filled by the database (session_user)';
COMMENT ON COLUMN claude.human_questions.asked_at IS 'When it was asked';
COMMENT ON COLUMN claude.human_questions.deadline IS 'When it escalates if still unanswered';
COMMENT ON COLUMN claude.human_questions.status IS 'open, escalated (its deadline passed unanswered; still answerable) or answered';
COMMENT ON COLUMN claude.human_questions.escalated_at IS 'When it escalated (an activity warning was logged), NULL if it never did';
COMMENT ON COLUMN claude.human_questions.answer IS 'The answer: the chosen option''s text or the overseer''s own words';
COMMENT ON COLUMN claude.human_questions.answer_option IS 'The chosen option (1-based), NULL for a free-text answer';
COMMENT ON COLUMN claude.human_questions.answered_at IS 'When it was answered';
COMMENT ON COLUMN claude.human_questions.answered_by_login IS 'The overseer''s login that answered, filled by the database (session_user)';
COMMENT ON COLUMN claude.human_questions.answered_by_identity_id IS 'The overseer''s identity that answered';
COMMENT ON COLUMN claude.human_questions.answer_message_id IS 'The message that carried the answer to the asking agent (from_overseer true)';
