-- depends: 0600_calendar_dates
-- Bounds (docs/BOUNDS.md) in the tables: every free text has a bound, "required" means
-- non-blank in the Unicode sense, and names carry no control or zero-width
-- characters.  The API functions check the same rules first (with 22001 /
-- 22023 naming the parameter, db/functions/_check_*.sql); these CHECKs are
-- the final word for any writer (23514).
--
-- The two predicates below are defined here, not in db/functions/, because
-- the CHECKs depend on them and versioned migrations run before the sources
-- are re-applied.  Changing a character class is a new migration.
--
-- Existing rows never break this migration: machine-written texts (job output
-- and error) are cut to 65,536 characters with a marker, as update_job_result
-- now does; every new or redefined CHECK is added NOT VALID and then
-- validated, and one that existing rows still break stays NOT VALID (new rows
-- are checked all the same) with a WARNING naming it, to be validated after
-- the rows are fixed:  ALTER TABLE claude.<table> VALIDATE CONSTRAINT <name>.

-- Blank: nothing but white space (every Unicode White_Space character, plus
-- U+2800 BRAILLE PATTERN BLANK), control characters (Cc) and invisible
-- format / zero-width characters (Cf, fillers, variation selectors, tags).
-- A NULL is not blank (NULL): each column says whether it may be NULL.
CREATE FUNCTION claude._is_blank(p_value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, claude, pg_temp
AS $$
    SELECT p_value !~ '[^\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800\u0001-\u001F\u007F-\u009F\u00AD\u034F\u061C\u0600-\u0605\u06DD\u070F\u08E2\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0000-\U000E0FFF]'
$$;
COMMENT ON FUNCTION claude._is_blank(text) IS 'Private (used by CHECKs): true when the text has no visible character: only Unicode white space, control (Cc) or invisible format / zero-width characters (Cf, fillers, variation selectors, tags). NULL for NULL.';
REVOKE ALL ON FUNCTION claude._is_blank(text) FROM PUBLIC;

-- A clean name: no control (Cc) or invisible format / zero-width character
-- anywhere (U+200B, bidi overrides, U+2028, ...), and no white space at
-- either end ("builder" and "builder\u3000" must not be two identities).
CREATE FUNCTION claude._is_clean_name(p_value text)
RETURNS boolean
LANGUAGE sql
IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, claude, pg_temp
AS $$
    SELECT p_value !~ '[\u0001-\u001F\u007F-\u009F\u00AD\u034F\u061C\u0600-\u0605\u06DD\u070F\u08E2\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\U000110BD\U000110CD\U00013430-\U0001343F\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0000-\U000E0FFF]'
       AND p_value !~ '^[\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800]'
       AND p_value !~ '[\u0020\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\u2800]$'
$$;
COMMENT ON FUNCTION claude._is_clean_name(text) IS 'Private (used by CHECKs): true when a name has no control (Cc) or invisible format / zero-width character and no white space at either end. NULL for NULL.';
REVOKE ALL ON FUNCTION claude._is_clean_name(text) FROM PUBLIC;

-- Machine-written texts over the bound are cut with the marker update_job_result
-- writes (claude._cut_text).  Finished runs are immutable (trigger), so the
-- repair runs with triggers off; without the privilege for that it is skipped
-- and the CHECKs stay NOT VALID.
DO $$
BEGIN
    SET LOCAL session_replication_role = replica;
    UPDATE claude.job_run_history
       SET output = CASE WHEN length(output) > 65536 THEN left(output, 65536 - 64) || format(E'\n[cut by claude-gateway: %s more characters]', length(output) - (65536 - 64)) ELSE output END,
           error  = CASE WHEN length(error) > 65536 THEN left(error, 65536 - 64) || format(E'\n[cut by claude-gateway: %s more characters]', length(error) - (65536 - 64)) ELSE error END
     WHERE length(output) > 65536 OR length(error) > 65536;
    UPDATE claude.scheduled_jobs
       SET last_output = CASE WHEN length(last_output) > 65536 THEN left(last_output, 65536 - 64) || format(E'\n[cut by claude-gateway: %s more characters]', length(last_output) - (65536 - 64)) ELSE last_output END,
           last_error  = CASE WHEN length(last_error) > 65536 THEN left(last_error, 65536 - 64) || format(E'\n[cut by claude-gateway: %s more characters]', length(last_error) - (65536 - 64)) ELSE last_error END
     WHERE length(last_output) > 65536 OR length(last_error) > 65536;
    SET LOCAL session_replication_role = origin;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'claude-gateway 0750_bounds: job output over 65,536 characters not cut (%); its CHECKs may stay NOT VALID', SQLERRM;
END $$;

-- Redefined: the old "not blank" CHECKs only trimmed spaces.
ALTER TABLE claude.projects DROP CONSTRAINT projects_name_is_not_blank;
ALTER TABLE claude.identities DROP CONSTRAINT identities_name_is_not_blank,
                              DROP CONSTRAINT identities_platform_is_not_blank;
ALTER TABLE claude.sessions DROP CONSTRAINT sessions_ended_session_has_summary;
ALTER TABLE claude.messages DROP CONSTRAINT messages_subject_is_not_blank,
                            DROP CONSTRAINT messages_body_is_not_blank;
ALTER TABLE claude.reminders DROP CONSTRAINT reminders_title_is_not_blank,
                             DROP CONSTRAINT reminders_automatic_check_has_condition;
ALTER TABLE claude.scheduled_jobs DROP CONSTRAINT scheduled_jobs_job_name_is_not_blank,
                                  DROP CONSTRAINT scheduled_jobs_command_is_not_blank;
ALTER TABLE claude.activity_feed DROP CONSTRAINT activity_feed_activity_type_is_not_blank,
                                 DROP CONSTRAINT activity_feed_title_is_not_blank;
ALTER TABLE claude.knowledge DROP CONSTRAINT knowledge_title_is_not_blank,
                             DROP CONSTRAINT knowledge_description_is_not_blank;

CREATE TEMPORARY TABLE bounds_0750 (rel text, con text, def text) ON COMMIT DROP;
INSERT INTO bounds_0750 VALUES
    ('projects', 'projects_name_is_not_blank', 'NOT claude._is_blank(project_name)'),
    ('projects', 'projects_name_is_clean', 'claude._is_clean_name(project_name)'),
    ('identities', 'identities_name_is_not_blank', 'NOT claude._is_blank(identity_name)'),
    ('identities', 'identities_name_is_clean', 'claude._is_clean_name(identity_name)'),
    ('identities', 'identities_platform_is_not_blank', 'NOT claude._is_blank(platform)'),
    ('identities', 'identities_role_description_is_bounded', 'length(role_description) <= 65536'),
    ('identities', 'identities_capabilities_is_bounded', 'octet_length(capabilities::text) <= 65536'),
    ('identities', 'identities_personality_traits_is_bounded', 'octet_length(personality_traits::text) <= 65536'),
    ('identities', 'identities_learning_style_is_bounded', 'octet_length(learning_style::text) <= 65536'),
    ('sessions', 'sessions_ended_session_has_summary', 'session_end IS NULL OR NOT coalesce(claude._is_blank(session_summary), true)'),
    ('sessions', 'sessions_summary_is_bounded', 'length(session_summary) <= 65536'),
    ('sessions', 'sessions_tasks_completed_is_bounded', 'cardinality(tasks_completed) <= 100 AND length(array_to_string(tasks_completed, '''')) <= 65536'),
    ('sessions', 'sessions_learnings_gained_is_bounded', 'cardinality(learnings_gained) <= 100 AND length(array_to_string(learnings_gained, '''')) <= 65536'),
    ('sessions', 'sessions_challenges_encountered_is_bounded', 'cardinality(challenges_encountered) <= 100 AND length(array_to_string(challenges_encountered, '''')) <= 65536'),
    ('sessions', 'sessions_metadata_is_bounded', 'octet_length(session_metadata::text) <= 65536'),
    ('messages', 'messages_subject_is_not_blank', 'NOT claude._is_blank(subject)'),
    ('messages', 'messages_body_is_not_blank', 'NOT claude._is_blank(body)'),
    ('messages', 'messages_body_is_bounded', 'length(body) <= 65536'),
    ('messages', 'messages_metadata_is_bounded', 'octet_length(metadata::text) <= 65536'),
    ('reminders', 'reminders_title_is_not_blank', 'NOT claude._is_blank(title)'),
    ('reminders', 'reminders_automatic_check_has_condition', 'check_type = ''manual'' OR NOT coalesce(claude._is_blank(check_condition), true)'),
    ('reminders', 'reminders_description_is_bounded', 'length(description) <= 65536'),
    ('reminders', 'reminders_check_condition_is_bounded', 'length(check_condition) <= 65536'),
    ('scheduled_jobs', 'scheduled_jobs_job_name_is_not_blank', 'NOT claude._is_blank(job_name)'),
    ('scheduled_jobs', 'scheduled_jobs_job_name_is_clean', 'claude._is_clean_name(job_name)'),
    ('scheduled_jobs', 'scheduled_jobs_command_is_not_blank', 'NOT claude._is_blank(command)'),
    ('scheduled_jobs', 'scheduled_jobs_command_is_bounded', 'length(command) <= 65536'),
    ('scheduled_jobs', 'scheduled_jobs_job_description_is_bounded', 'length(job_description) <= 65536'),
    ('scheduled_jobs', 'scheduled_jobs_working_directory_is_bounded', 'length(working_directory) <= 4096'),
    ('scheduled_jobs', 'scheduled_jobs_last_output_is_bounded', 'length(last_output) <= 65536'),
    ('scheduled_jobs', 'scheduled_jobs_last_error_is_bounded', 'length(last_error) <= 65536'),
    ('scheduled_jobs', 'scheduled_jobs_metadata_is_bounded', 'octet_length(metadata::text) <= 65536'),
    ('scheduled_jobs', 'scheduled_jobs_trigger_condition_is_bounded', 'octet_length(trigger_condition::text) <= 65536'),
    ('job_run_history', 'job_run_history_output_is_bounded', 'length(output) <= 65536'),
    ('job_run_history', 'job_run_history_error_is_bounded', 'length(error) <= 65536'),
    ('activity_feed', 'activity_feed_activity_type_is_not_blank', 'NOT claude._is_blank(activity_type)'),
    ('activity_feed', 'activity_feed_title_is_not_blank', 'NOT claude._is_blank(title)'),
    ('activity_feed', 'activity_feed_summary_is_bounded', 'length(summary) <= 65536'),
    ('knowledge', 'knowledge_title_is_not_blank', 'NOT claude._is_blank(title)'),
    ('knowledge', 'knowledge_description_is_not_blank', 'NOT claude._is_blank(description)'),
    ('knowledge', 'knowledge_description_is_bounded', 'length(description) <= 65536'),
    ('knowledge', 'knowledge_code_example_is_bounded', 'length(code_example) <= 65536'),
    ('knowledge', 'knowledge_applies_to_projects_is_bounded', 'cardinality(applies_to_projects) <= 100 AND length(array_to_string(applies_to_projects, '''')) <= 20000'),
    ('knowledge', 'knowledge_applies_to_platforms_is_bounded', 'cardinality(applies_to_platforms) <= 100 AND length(array_to_string(applies_to_platforms, '''')) <= 5000');

DO $$
DECLARE
    b record;
BEGIN
    FOR b IN SELECT * FROM bounds_0750 LOOP
        EXECUTE format('ALTER TABLE claude.%I ADD CONSTRAINT %I CHECK (%s) NOT VALID', b.rel, b.con, b.def);
    END LOOP;
    FOR b IN SELECT * FROM bounds_0750 LOOP
        BEGIN
            EXECUTE format('ALTER TABLE claude.%I VALIDATE CONSTRAINT %I', b.rel, b.con);
        EXCEPTION WHEN check_violation THEN
            RAISE WARNING 'claude-gateway 0750_bounds: existing rows of claude.% break %; it stays NOT VALID (new rows are checked)', b.rel, b.con
                USING HINT = format('Fix the rows, then: ALTER TABLE claude.%I VALIDATE CONSTRAINT %I;', b.rel, b.con);
        END;
    END LOOP;
END $$;
