-- CASCADE: the view claude.question_history reads it (the next migrate re-creates the views).
DROP TABLE IF EXISTS claude.human_questions CASCADE;
DROP FUNCTION IF EXISTS claude.tg_human_questions__guard() CASCADE;
DROP FUNCTION IF EXISTS claude.tg_human_questions__log_activity() CASCADE;
DROP FUNCTION IF EXISTS claude.tg_human_questions__notify() CASCADE;
DROP FUNCTION IF EXISTS claude.ask_human(uuid, text, text[], integer, boolean);
DROP FUNCTION IF EXISTS claude.answer_question(uuid, text, integer, uuid);
DROP FUNCTION IF EXISTS claude.escalate_overdue_questions();
