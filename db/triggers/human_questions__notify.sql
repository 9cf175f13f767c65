-- Push instead of poll: a new, escalated or answered question raises
-- pg_notify('claude_questions', {question_id, status}) at commit, so the
-- overseers' page and `inbox --follow` show it at once.
CREATE OR REPLACE FUNCTION claude.tg_human_questions__notify()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        RETURN NULL;
    END IF;
    PERFORM pg_notify('claude_questions',
                      jsonb_build_object('question_id', NEW.question_id, 'status', NEW.status)::text);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION claude.tg_human_questions__notify() IS 'Trigger: pg_notify(''claude_questions'', {question_id, status}) when a question is asked, escalates or is answered.';
REVOKE ALL ON FUNCTION claude.tg_human_questions__notify() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _800_notify
AFTER INSERT OR UPDATE OF status ON claude.human_questions
FOR EACH ROW EXECUTE FUNCTION claude.tg_human_questions__notify();
