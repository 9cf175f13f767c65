-- Escalate every question still open at its deadline: status escalated and one
-- activity warning each (the log trigger), exactly once even when several
-- callers run at the same moment (rows locked, rows another caller holds are
-- skipped and re-checked by the guard: a question escalates once).  Run by
-- claude.run_maintenance; callable on demand.
CREATE OR REPLACE FUNCTION claude.escalate_overdue_questions()
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_count integer;
BEGIN
    WITH due AS (
        SELECT q.question_id FROM claude.human_questions q
         WHERE q.status = 'open' AND q.deadline <= now()
         ORDER BY q.deadline
           FOR UPDATE SKIP LOCKED
    )
    UPDATE claude.human_questions q
       SET status = 'escalated', escalated_at = now()
      FROM due
     WHERE q.question_id = due.question_id AND q.status = 'open';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    RETURN v_count;
END;
$$;
COMMENT ON FUNCTION claude.escalate_overdue_questions() IS
'Escalate the questions to humans still open at their deadline: each becomes escalated (still answerable) and logs one activity warning (question_escalated), exactly once, also under concurrent calls. Returns how many escalated. Run by run_maintenance; callable on demand.';
REVOKE ALL ON FUNCTION claude.escalate_overdue_questions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.escalate_overdue_questions() TO claude_agent;
