-- Back to the CHECKs of 0001_schema: the new bounds go, the "not blank" rules
-- trim spaces only again.  Cut job output stays cut.
ALTER TABLE claude.projects DROP CONSTRAINT IF EXISTS projects_name_is_not_blank,
                            DROP CONSTRAINT IF EXISTS projects_name_is_clean;
ALTER TABLE claude.identities DROP CONSTRAINT IF EXISTS identities_name_is_not_blank,
                              DROP CONSTRAINT IF EXISTS identities_name_is_clean,
                              DROP CONSTRAINT IF EXISTS identities_platform_is_not_blank,
                              DROP CONSTRAINT IF EXISTS identities_role_description_is_bounded,
                              DROP CONSTRAINT IF EXISTS identities_capabilities_is_bounded,
                              DROP CONSTRAINT IF EXISTS identities_personality_traits_is_bounded,
                              DROP CONSTRAINT IF EXISTS identities_learning_style_is_bounded;
ALTER TABLE claude.sessions DROP CONSTRAINT IF EXISTS sessions_ended_session_has_summary,
                            DROP CONSTRAINT IF EXISTS sessions_summary_is_bounded,
                            DROP CONSTRAINT IF EXISTS sessions_tasks_completed_is_bounded,
                            DROP CONSTRAINT IF EXISTS sessions_learnings_gained_is_bounded,
                            DROP CONSTRAINT IF EXISTS sessions_challenges_encountered_is_bounded,
                            DROP CONSTRAINT IF EXISTS sessions_metadata_is_bounded;
ALTER TABLE claude.messages DROP CONSTRAINT IF EXISTS messages_subject_is_not_blank,
                            DROP CONSTRAINT IF EXISTS messages_body_is_not_blank,
                            DROP CONSTRAINT IF EXISTS messages_body_is_bounded,
                            DROP CONSTRAINT IF EXISTS messages_metadata_is_bounded;
ALTER TABLE claude.reminders DROP CONSTRAINT IF EXISTS reminders_title_is_not_blank,
                             DROP CONSTRAINT IF EXISTS reminders_automatic_check_has_condition,
                             DROP CONSTRAINT IF EXISTS reminders_description_is_bounded,
                             DROP CONSTRAINT IF EXISTS reminders_check_condition_is_bounded;
ALTER TABLE claude.scheduled_jobs DROP CONSTRAINT IF EXISTS scheduled_jobs_job_name_is_not_blank,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_job_name_is_clean,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_command_is_not_blank,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_command_is_bounded,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_job_description_is_bounded,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_working_directory_is_bounded,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_last_output_is_bounded,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_last_error_is_bounded,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_metadata_is_bounded,
                                  DROP CONSTRAINT IF EXISTS scheduled_jobs_trigger_condition_is_bounded;
ALTER TABLE claude.job_run_history DROP CONSTRAINT IF EXISTS job_run_history_output_is_bounded,
                                   DROP CONSTRAINT IF EXISTS job_run_history_error_is_bounded;
ALTER TABLE claude.activity_feed DROP CONSTRAINT IF EXISTS activity_feed_activity_type_is_not_blank,
                                 DROP CONSTRAINT IF EXISTS activity_feed_title_is_not_blank,
                                 DROP CONSTRAINT IF EXISTS activity_feed_summary_is_bounded;
ALTER TABLE claude.knowledge DROP CONSTRAINT IF EXISTS knowledge_title_is_not_blank,
                             DROP CONSTRAINT IF EXISTS knowledge_description_is_not_blank,
                             DROP CONSTRAINT IF EXISTS knowledge_description_is_bounded,
                             DROP CONSTRAINT IF EXISTS knowledge_code_example_is_bounded,
                             DROP CONSTRAINT IF EXISTS knowledge_applies_to_projects_is_bounded,
                             DROP CONSTRAINT IF EXISTS knowledge_applies_to_platforms_is_bounded;

ALTER TABLE claude.projects ADD CONSTRAINT projects_name_is_not_blank CHECK (btrim(project_name) <> '');
ALTER TABLE claude.identities
    ADD CONSTRAINT identities_name_is_not_blank CHECK (btrim(identity_name) <> ''),
    ADD CONSTRAINT identities_platform_is_not_blank CHECK (btrim(platform) <> '');
ALTER TABLE claude.sessions
    ADD CONSTRAINT sessions_ended_session_has_summary CHECK (session_end IS NULL OR btrim(coalesce(session_summary, '')) <> '');
ALTER TABLE claude.messages
    ADD CONSTRAINT messages_subject_is_not_blank CHECK (btrim(subject) <> ''),
    ADD CONSTRAINT messages_body_is_not_blank CHECK (btrim(body) <> '');
ALTER TABLE claude.reminders
    ADD CONSTRAINT reminders_title_is_not_blank CHECK (btrim(title) <> ''),
    ADD CONSTRAINT reminders_automatic_check_has_condition CHECK (check_type = 'manual' OR btrim(coalesce(check_condition, '')) <> '');
ALTER TABLE claude.scheduled_jobs
    ADD CONSTRAINT scheduled_jobs_job_name_is_not_blank CHECK (btrim(job_name) <> ''),
    ADD CONSTRAINT scheduled_jobs_command_is_not_blank CHECK (btrim(command) <> '');
ALTER TABLE claude.activity_feed
    ADD CONSTRAINT activity_feed_activity_type_is_not_blank CHECK (btrim(activity_type) <> ''),
    ADD CONSTRAINT activity_feed_title_is_not_blank CHECK (btrim(title) <> '');
ALTER TABLE claude.knowledge
    ADD CONSTRAINT knowledge_title_is_not_blank CHECK (btrim(title) <> ''),
    ADD CONSTRAINT knowledge_description_is_not_blank CHECK (btrim(description) <> '');

DROP FUNCTION IF EXISTS claude._is_clean_name(text);
DROP FUNCTION IF EXISTS claude._is_blank(text);
