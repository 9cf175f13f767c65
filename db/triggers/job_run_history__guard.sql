-- A run is history: once finished it never changes (but its time columns,
-- for maintenance and tests), and no run changes job or attempt.
CREATE OR REPLACE FUNCTION claude.tg_job_run_history__guard()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.job_id <> OLD.job_id OR NEW.attempt <> OLD.attempt THEN
        PERFORM claude._refuse_change(format('run %s: job_id and attempt never change', OLD.run_id),
            'Record a new run with claim_job instead.');
    END IF;
    IF OLD.status <> 'RUNNING'
       AND (NEW.status, NEW.output, NEW.error, NEW.session_id)
           IS DISTINCT FROM (OLD.status, OLD.output, OLD.error, OLD.session_id) THEN
        PERFORM claude._refuse_change(format('run %s is finished (%s) and cannot change', OLD.run_id, OLD.status),
            'A finished run is history; claim the job again for a new run.');
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION claude.tg_job_run_history__guard() IS 'Trigger: finished runs are immutable (status, output, error, session) and no run changes job or attempt (55000); time columns stay writable.';
REVOKE ALL ON FUNCTION claude.tg_job_run_history__guard() FROM PUBLIC;

CREATE OR REPLACE TRIGGER _100_guard
    BEFORE UPDATE ON claude.job_run_history
    FOR EACH ROW EXECUTE FUNCTION claude.tg_job_run_history__guard();
