-- Private helper: what is wrong with a job's trigger_condition (NULL: nothing).
-- Shared by create_scheduled_job (22023) and the scheduled_jobs trigger (23514).
CREATE OR REPLACE FUNCTION claude._job_trigger_condition_problem(p_condition jsonb)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT CASE
        WHEN p_condition IS NULL OR jsonb_typeof(p_condition) <> 'object' THEN
            format('trigger_condition must be a JSON object, not %s', coalesce(p_condition::text, 'NULL'))
        ELSE (
            SELECT string_agg(
                       CASE WHEN e.key NOT IN ('days_since_last_run', 'hours_since_last_run')
                            THEN format('unknown trigger_condition key %L', e.key)
                            ELSE format('trigger_condition %s must be a positive number (at most 1000000), not %s', e.key, e.value) END,
                       '; ' ORDER BY e.key)
              FROM jsonb_each(p_condition) AS e
             WHERE e.key NOT IN ('days_since_last_run', 'hours_since_last_run')
                OR CASE WHEN jsonb_typeof(e.value) = 'number' THEN (e.value)::numeric NOT BETWEEN 1e-9 AND 1e6 ELSE true END)
    END
$$;
COMMENT ON FUNCTION claude._job_trigger_condition_problem(jsonb) IS 'Private: describe what is wrong with a trigger_condition (only days_since_last_run / hours_since_last_run, positive numbers), or NULL when it is valid.';
REVOKE ALL ON FUNCTION claude._job_trigger_condition_problem(jsonb) FROM PUBLIC;
