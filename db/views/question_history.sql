-- Mission Control Web and overseers: every question agents asked a human, in
-- every state (open, escalated, answered), with who asked, who answered, and
-- how long is left (a number of seconds).  Page it by (asked_at, question_id).
CREATE OR REPLACE VIEW claude.question_history AS
SELECT q.question_id, q.asked_at, q.status,
       q.status <> 'answered' AS awaiting_answer,
       q.status <> 'answered' AND q.deadline <= now() AS overdue,
       extract(epoch FROM (q.deadline - now()))::double precision AS seconds_left,
       q.question, q.options, q.allow_free_text, q.deadline,
       q.identity_id AS asked_by_identity_id, ai.identity_name AS asked_by, q.asked_by_login,
       q.session_id, q.project_name,
       q.escalated_at, q.answer, q.answer_option, q.answered_at,
       q.answered_by_identity_id, oi.identity_name AS answered_by, q.answered_by_login,
       q.answer_message_id,
       extract(epoch FROM (q.answered_at - q.asked_at))::double precision AS answered_after_seconds
  FROM claude.human_questions q
  JOIN claude.identities ai ON ai.identity_id = q.identity_id
  LEFT JOIN claude.identities oi ON oi.identity_id = q.answered_by_identity_id;
COMMENT ON VIEW claude.question_history IS 'Every question an agent asked the human overseers (claude.ask_human), in every state, with its answer; page by (asked_at, question_id).';
COMMENT ON COLUMN claude.question_history.question_id IS 'Primary key (pass it to claude.answer_question)';
COMMENT ON COLUMN claude.question_history.asked_at IS 'When it was asked';
COMMENT ON COLUMN claude.question_history.status IS 'One of claude._question_statuses() (escalated: past its deadline unanswered, still answerable)';
COMMENT ON COLUMN claude.question_history.awaiting_answer IS 'True while nobody has answered it (open or escalated)';
COMMENT ON COLUMN claude.question_history.overdue IS 'Unanswered and past its deadline';
COMMENT ON COLUMN claude.question_history.seconds_left IS 'Seconds until the deadline (negative once it has passed)';
COMMENT ON COLUMN claude.question_history.question IS 'The question (agent''s text: render it as text)';
COMMENT ON COLUMN claude.question_history.options IS 'The answers to choose from, numbered from 1 (empty: free text only)';
COMMENT ON COLUMN claude.question_history.allow_free_text IS 'Whether an answer in the overseer''s own words is allowed';
COMMENT ON COLUMN claude.question_history.deadline IS 'When it escalates if still unanswered';
COMMENT ON COLUMN claude.question_history.asked_by_identity_id IS 'The asking identity';
COMMENT ON COLUMN claude.question_history.asked_by IS 'Its name';
COMMENT ON COLUMN claude.question_history.asked_by_login IS 'The PostgreSQL login that asked';
COMMENT ON COLUMN claude.question_history.session_id IS 'The asking session (the answer is sent to it)';
COMMENT ON COLUMN claude.question_history.project_name IS 'The asking session''s project';
COMMENT ON COLUMN claude.question_history.escalated_at IS 'When it escalated (NULL if it never did)';
COMMENT ON COLUMN claude.question_history.answer IS 'The answer (the chosen option''s text or free text)';
COMMENT ON COLUMN claude.question_history.answer_option IS 'The chosen option, 1-based (NULL: free text)';
COMMENT ON COLUMN claude.question_history.answered_at IS 'When it was answered';
COMMENT ON COLUMN claude.question_history.answered_by_identity_id IS 'The answering overseer''s identity';
COMMENT ON COLUMN claude.question_history.answered_by IS 'Its name';
COMMENT ON COLUMN claude.question_history.answered_by_login IS 'The overseer''s login that answered';
COMMENT ON COLUMN claude.question_history.answer_message_id IS 'The message that carried the answer to the agent';
COMMENT ON COLUMN claude.question_history.answered_after_seconds IS 'Seconds from the question to its answer';
