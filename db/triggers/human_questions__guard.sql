-- The rules of a question, on every write (the API functions are not the only
-- guard): asked_by_login is the asking login (session_user); only a human
-- overseer (a member of claude_overseer, claude._login_is_overseer) may answer,
-- and answered_by_login is that login; status moves open -> escalated ->
-- answered or open -> answered, never back, and an answered question never
-- changes; what was asked (question, options, asker) never changes.  The time
-- columns (asked_at, deadline) stay writable by the owner for maintenance and
-- tests; the CHECKs still hold.
CREATE OR REPLACE FUNCTION claude.tg_human_questions__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM claude._refuse_change(format('question %s cannot be deleted', OLD.question_id),
            'Questions are a record: answer it (claude.answer_question) instead.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM claude._check_acting_login('asked_by_login', NEW.asked_by_login, 'asking');
        IF NOT EXISTS (SELECT 1 FROM claude.sessions s WHERE s.session_id = NEW.session_id
                          AND s.identity_id = NEW.identity_id AND s.project_name = NEW.project_name) THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = format('question: identity %s and project %L are not those of session %s',
                                 NEW.identity_id, NEW.project_name, NEW.session_id),
                HINT = 'Ask with claude.ask_human: it takes both from the asking session.';
        END IF;
        IF NEW.status <> 'open' THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = format('a new question starts open, not %L', NEW.status),
                HINT = 'Ask with claude.ask_human; answer with claude.answer_question.';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.question_id, NEW.session_id, NEW.identity_id, NEW.project_name, NEW.question, NEW.options,
        NEW.allow_free_text, NEW.asked_by_login)
       IS DISTINCT FROM
       (OLD.question_id, OLD.session_id, OLD.identity_id, OLD.project_name, OLD.question, OLD.options,
        OLD.allow_free_text, OLD.asked_by_login) THEN
        PERFORM claude._refuse_change(format('what question %s asks never changes', OLD.question_id),
            'Ask a new question with claude.ask_human.');
    END IF;
    IF OLD.status = 'answered' THEN
        PERFORM claude._refuse_change(format('question %s was answered at %s by %s and never changes', OLD.question_id,
                                             OLD.answered_at, OLD.answered_by_login),
            'Ask a new question if the answer no longer fits.');
    END IF;
    IF NEW.status = 'open' AND OLD.status <> 'open' THEN
        PERFORM claude._refuse_change(format('question %s cannot move from %s back to open', OLD.question_id, OLD.status),
            'Status moves open -> escalated -> answered, never back.');
    END IF;
    IF NEW.status = 'escalated' AND OLD.status = 'escalated'
       AND NEW.escalated_at IS DISTINCT FROM OLD.escalated_at THEN
        PERFORM claude._refuse_change(format('question %s escalated at %s, once', OLD.question_id, OLD.escalated_at),
            'A question escalates exactly once.');
    END IF;
    IF NEW.status = 'answered' THEN
        IF NOT claude._login_is_overseer() THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = format('login %I is not a human overseer and may not answer question %s', session_user,
                                 OLD.question_id),
                HINT = 'Only members of claude_overseer answer questions: ask an admin for an overseer login.';
        END IF;
        PERFORM claude._check_acting_login('answered_by_login', NEW.answered_by_login, 'answering',
            'The database records the answering login: answer with claude.answer_question.');
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_human_questions__guard() IS 'Trigger: asked_by_login is session_user and identity_id/project_name are the asking session''s (23514); only a claude_overseer member answers (42501) and answered_by_login is that login (23514); status open -> escalated -> answered or open -> answered, never back, escalated once, answered never changes, what was asked never changes, no delete (55000).';
REVOKE ALL ON FUNCTION claude.tg_human_questions__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
BEFORE INSERT OR UPDATE OR DELETE ON claude.human_questions
FOR EACH ROW EXECUTE FUNCTION claude.tg_human_questions__guard();
