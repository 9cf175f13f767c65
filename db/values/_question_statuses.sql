-- An allowed-value list, defined only here: adding a value is editing it (README, "Allowed values").
CREATE OR REPLACE FUNCTION claude._question_statuses() RETURNS text[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$ BEGIN RETURN ARRAY['open', 'escalated', 'answered']::text[]; END $$;
COMMENT ON FUNCTION claude._question_statuses() IS 'Where a question to a human stands: human_questions.status (open, then escalated past its deadline, answered).';
REVOKE ALL ON FUNCTION claude._question_statuses() FROM PUBLIC;
