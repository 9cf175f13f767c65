-- Activity rows for questions to humans (source_type 'alert', source_id the
-- question): question_asked (warning: a person is needed), question_escalated
-- (warning, exactly once: the guard lets a question escalate once) and
-- question_answered (success).
CREATE OR REPLACE FUNCTION claude.tg_human_questions__log_activity()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_asker claude.identities.identity_name%TYPE;
    v_who   claude.identities.identity_name%TYPE;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    v_asker := claude._identity_name(NEW.identity_id);
    IF TG_OP = 'INSERT' THEN
        PERFORM claude._insert_activity('alert', NEW.question_id, v_asker, 'question_asked',
                format('%s asks a human: %s', v_asker, NEW.question),
                format('%s option(s); answer by %s', cardinality(NEW.options), NEW.deadline),
                NEW.project_name, 'warning');
    ELSIF NEW.status = 'escalated' THEN
        PERFORM claude._insert_activity('alert', NEW.question_id, v_asker, 'question_escalated',
                format('Unanswered past its deadline: %s asked %s', v_asker, NEW.question),
                format('deadline %s; no overseer has answered', NEW.deadline),
                NEW.project_name, 'warning');
    ELSIF NEW.status = 'answered' THEN
        v_who := claude._identity_name(NEW.answered_by_identity_id);
        PERFORM claude._insert_activity('alert', NEW.question_id, coalesce(v_who, NEW.answered_by_login), 'question_answered',
                format('%s answered %s: %s', coalesce(v_who, NEW.answered_by_login), v_asker, NEW.question),
                left(NEW.answer, 500), NEW.project_name, 'success');
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_human_questions__log_activity() IS 'Trigger: activity rows question_asked (warning), question_escalated (warning, once) and question_answered (success), source_type alert, source_id the question.';
REVOKE ALL ON FUNCTION claude.tg_human_questions__log_activity() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _900_log_activity
AFTER INSERT OR UPDATE OF status ON claude.human_questions
FOR EACH ROW EXECUTE FUNCTION claude.tg_human_questions__log_activity();
