-- depends: 1100_human_questions 1400_allowed_values_defined_once
-- human_questions.status reads its allowed values from db/values/ too.
ALTER TABLE claude.human_questions
    DROP CONSTRAINT human_questions_status_is_known,
    ADD CONSTRAINT human_questions_status_is_known CHECK (status = ANY (claude._question_statuses()));
