-- Private helper: the due jobs an agent sees when its session starts
-- (claude.session_startup) or resumes (claude.session_context): at most 5,
-- in the order of claude.get_due_jobs, commands cut to 2,000 characters
-- (what reaches a model is bounded, docs/BOUNDS.md).
CREATE OR REPLACE FUNCTION claude._startup_jobs(p_project_name text)
RETURNS jsonb
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'job_id', j.job_id, 'job_name', j.job_name, 'job_type', j.job_type,
               'priority', j.priority, 'trigger_type', j.trigger_type, 'command', claude._cut_text(j.command, 2000),
               'working_directory', j.working_directory, 'timeout_seconds', j.timeout_seconds,
               'last_run', j.last_run, 'last_status', j.last_status) ORDER BY j.ordinality), '[]'::jsonb)
      FROM (SELECT d.* FROM claude.get_due_jobs(project_name => p_project_name) WITH ORDINALITY AS d
             ORDER BY d.ordinality LIMIT 5) j;
$$;
COMMENT ON FUNCTION claude._startup_jobs(text) IS 'Private: at most 5 due jobs of a project (claude.get_due_jobs) as a jsonb array of their run settings; commands cut to 2,000 characters.';
REVOKE ALL ON FUNCTION claude._startup_jobs(text) FROM PUBLIC;
