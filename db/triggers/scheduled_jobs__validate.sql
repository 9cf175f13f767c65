-- Rules a job row checks by itself that a CHECK cannot express: the keys of
-- trigger_condition, the cron syntax of schedule and the retry backoff base.
-- Direct writes that break them fail with 23514 (the API says 22023 first).
-- Also keeps next_run in step with schedule and stamps updated_at.
CREATE OR REPLACE FUNCTION claude.tg_scheduled_jobs__validate()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_problem text;
    v_next timestamptz;
BEGIN
    -- Each check runs only when its column is written: claim_job and
    -- update_job_result change neither, and they update every job twice a run.
    IF TG_OP = 'INSERT' OR NEW.trigger_condition IS DISTINCT FROM OLD.trigger_condition THEN
        v_problem := claude._job_trigger_condition_problem(NEW.trigger_condition);
    END IF;
    IF v_problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '23514',
            MESSAGE = format('job %L: %s', NEW.job_name, v_problem),
            HINT = 'trigger_condition takes only days_since_last_run and hours_since_last_run, as positive numbers.';
    END IF;
    IF TG_OP = 'INSERT' OR NEW.metadata IS DISTINCT FROM OLD.metadata THEN
        v_problem := claude._job_metadata_problem(NEW.metadata);
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = format('job %L: %s', NEW.job_name, v_problem),
                HINT = 'metadata is a JSON object; retry_backoff_seconds sets the base delay of the retry backoff in seconds (default 60).';
        END IF;
    END IF;

    IF NEW.schedule IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.schedule IS DISTINCT FROM OLD.schedule) THEN
        BEGIN
            v_next := claude.cron_next(NEW.schedule, now());
        EXCEPTION WHEN invalid_parameter_value THEN
            RAISE EXCEPTION USING ERRCODE = '23514',
                MESSAGE = format('job %L: %s', NEW.job_name, SQLERRM),
                HINT = 'schedule is a 5-field cron expression (minute hour day-of-month month day-of-week) or a macro such as @daily.';
        END;
        IF TG_OP = 'INSERT' THEN
            NEW.next_run := coalesce(NEW.next_run, v_next);
        ELSIF NEW.next_run IS NOT DISTINCT FROM OLD.next_run THEN
            NEW.next_run := v_next;
        END IF;
    ELSIF NEW.schedule IS NULL AND TG_OP = 'UPDATE' AND OLD.schedule IS NOT NULL THEN
        NEW.next_run := NULL;
    END IF;

    IF TG_OP = 'UPDATE' THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_scheduled_jobs__validate() IS 'Trigger: validate trigger_condition keys, cron syntax and metadata.retry_backoff_seconds (23514); keep next_run in step with schedule; stamp updated_at.';
REVOKE ALL ON FUNCTION claude.tg_scheduled_jobs__validate() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_validate
    BEFORE INSERT OR UPDATE ON claude.scheduled_jobs
    FOR EACH ROW EXECUTE FUNCTION claude.tg_scheduled_jobs__validate();
