ALTER TABLE claude.human_questions
    DROP CONSTRAINT human_questions_status_is_known,
    ADD CONSTRAINT human_questions_status_is_known CHECK (status IN ('open', 'escalated', 'answered'));
