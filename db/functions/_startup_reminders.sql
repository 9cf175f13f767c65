-- Private helper: the due reminders an agent sees when its session starts
-- (claude.session_startup) or resumes (claude.session_context), bounded
-- (docs/BOUNDS.md): at most 10, in the order of claude.get_due_reminders,
-- descriptions and check conditions cut to 2,000 characters with a marker;
-- o_total counts them all, so that the reader knows what was left out.
CREATE OR REPLACE FUNCTION claude._startup_reminders(p_project_name text, OUT o_reminders jsonb, OUT o_total bigint)
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(jsonb_agg(to_jsonb(r) - 'ordinality'
                              || jsonb_build_object('description', claude._cut_text(r.description, 2000),
                                                    'check_condition', claude._cut_text(r.check_condition, 2000))
                              ORDER BY r.ordinality) FILTER (WHERE r.ordinality <= 10), '[]'::jsonb),
           count(*)
      FROM claude.get_due_reminders(project_name => p_project_name) WITH ORDINALITY AS r;
$$;
COMMENT ON FUNCTION claude._startup_reminders(text) IS 'Private: at most 10 due reminders of a project (claude.get_due_reminders) as a jsonb array, long texts cut to 2,000 characters, and how many are due in all.';
REVOKE ALL ON FUNCTION claude._startup_reminders(text) FROM PUBLIC;
