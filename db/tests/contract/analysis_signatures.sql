-- docs/RULES.md, "The API's signatures": every tool the design recommends is a function in
-- schema claude with the same name and the same parameters, in the same order, with
-- the same defaults; extra parameters come only after them, each with a
-- default. (A Python list is a SQL array; **updates is one jsonb.)  So are the
-- return types.
BEGIN;
SELECT plan(33);

CREATE TEMP TABLE expected (name text, args_prefix text, result text);
INSERT INTO expected VALUES
  -- sessions
  ('start_session', 'identity_id uuid, project_name text, project_schema text DEFAULT NULL::text', 'uuid'),
  ('end_session', 'session_id uuid, summary text, tasks text[] DEFAULT ''{}''::text[], learnings text[] DEFAULT ''{}''::text[], challenges text[] DEFAULT ''{}''::text[]', 'void'),
  ('get_active_session', 'identity_id uuid', 'uuid'),
  -- messages
  ('send_message', 'from_session_id uuid, to_session_id uuid, subject text, body text, message_type text DEFAULT ''notification''::text, priority text DEFAULT ''normal''::text, expires_in_days integer DEFAULT 7', 'uuid'),
  ('broadcast_to_project', 'from_session_id uuid, project_name text, subject text, body text, message_type text DEFAULT ''broadcast''::text, priority text DEFAULT ''normal''::text', 'uuid'),
  ('get_pending_messages', 'session_id uuid DEFAULT NULL::uuid, project_name text DEFAULT NULL::text', 'SETOF claude.inbox'),
  ('mark_message_read', 'message_id uuid', 'void'),
  ('acknowledge_message', 'message_id uuid', 'void'),
  -- identities
  ('register_identity', 'identity_name text, platform text, role_description text, capabilities jsonb DEFAULT ''{}''::jsonb', 'uuid'),
  ('update_identity_activity', 'identity_id uuid', 'void'),
  ('archive_identity', 'identity_id uuid', 'void'),
  ('get_active_identities', '', 'SETOF claude.identities'),
  -- jobs (execute_job runs on the client: claim_job/update_job_result are its SQL side)
  ('create_scheduled_job', 'job_name text, job_type text, command text, trigger_type text DEFAULT ''session_start''::text, trigger_condition jsonb DEFAULT ''{}''::jsonb, priority integer DEFAULT 5, timeout_seconds integer DEFAULT 300, schedule text DEFAULT NULL::text, project_name text DEFAULT NULL::text', 'uuid'),
  ('get_due_jobs', 'project_name text DEFAULT NULL::text', 'SETOF claude.scheduled_jobs'),
  ('claim_job', 'job_id uuid, session_id uuid DEFAULT NULL::uuid', 'claude.job_claim'),
  ('update_job_result', 'job_id uuid, status text, output text DEFAULT NULL::text, error text DEFAULT NULL::text', 'void'),
  -- reminders
  ('create_reminder', 'title text, check_after timestamp with time zone, description text DEFAULT NULL::text, check_type text DEFAULT ''manual''::text, check_condition text DEFAULT NULL::text, reschedule_days integer DEFAULT 7, max_reminders integer DEFAULT 3', 'uuid'),
  ('get_due_reminders', 'project_name text DEFAULT NULL::text', 'SETOF claude.reminders'),
  ('check_reminder', 'reminder_id uuid', 'boolean'),
  ('complete_reminder', 'reminder_id uuid', 'void'),
  -- returns its outcome (rescheduled or expired) so that no caller recomputes
  -- it; a call written as designed works unchanged
  ('reschedule_reminder', 'reminder_id uuid', 'text'),
  ('dismiss_reminder', 'reminder_id uuid', 'void'),
  -- activity
  ('log_activity', 'source_type text, source_id uuid, actor text, activity_type text, title text, summary text DEFAULT NULL::text, project_name text DEFAULT NULL::text, severity text DEFAULT ''info''::text', 'uuid'),
  ('get_recent_activity', 'project_name text DEFAULT NULL::text, severity text DEFAULT NULL::text, "limit" integer DEFAULT 50', 'SETOF claude.activity_feed'),
  ('get_activity_by_source', 'source_type text, source_id uuid', 'SETOF claude.activity_feed'),
  -- knowledge
  ('record_knowledge', 'title text, description text, knowledge_type text, applies_to_projects text[] DEFAULT ''{}''::text[], confidence_level integer DEFAULT 5, learned_by_identity_id uuid DEFAULT NULL::uuid, code_example text DEFAULT NULL::text', 'uuid'),
  ('search_knowledge', 'project_name text DEFAULT NULL::text, knowledge_type text DEFAULT NULL::text, search_text text DEFAULT NULL::text, min_confidence integer DEFAULT 5', 'SETOF claude.knowledge_search_result'),
  ('apply_knowledge', 'knowledge_id uuid, was_successful boolean DEFAULT true', 'void'),
  ('update_knowledge', 'knowledge_id uuid, updates jsonb', 'void'),
  -- docs/RULES.md, "session_startup"
  ('session_startup', 'identity_id uuid, project_name text, project_schema text DEFAULT NULL::text', 'jsonb');

SELECT is(
    (SELECT count(*)::int FROM pg_proc p JOIN expected e ON e.name = p.proname
      WHERE p.pronamespace = 'claude'::regnamespace),
    (SELECT count(*)::int FROM expected),
    'every recommended tool exists exactly once (no overloads)');

SELECT is(
    (SELECT pg_get_function_result(p.oid) FROM pg_proc p WHERE p.pronamespace = 'claude'::regnamespace AND p.proname = e.name),
    e.result,
    e.name || ' returns ' || e.result)
  FROM expected e ORDER BY e.name;

SELECT is_empty($$
    SELECT e.name || ': ' || pg_get_function_arguments(p.oid)
      FROM expected e
      JOIN pg_proc p ON p.pronamespace = 'claude'::regnamespace AND p.proname = e.name
     WHERE NOT starts_with(pg_get_function_arguments(p.oid), e.args_prefix)
        -- what follows the designed parameters is extra, and every extra has a default
        OR (length(pg_get_function_arguments(p.oid)) > length(e.args_prefix)
            AND EXISTS (SELECT 1
                          FROM regexp_split_to_table(substr(pg_get_function_arguments(p.oid), length(e.args_prefix) + 1), ',\s*(?=[a-z_"]+ )') a
                         WHERE btrim(a) <> '' AND a NOT LIKE '% DEFAULT %'))
$$, 'each tool takes its designed parameters first, in order, with their defaults, then only defaulted extras');

SELECT is_empty($$
    SELECT p.proname FROM pg_proc p
     WHERE p.pronamespace = 'claude'::regnamespace AND p.proname !~ '^(_|tg_)'
       AND obj_description(p.oid, 'pg_proc') IS NULL
$$, 'every API function carries a COMMENT (docstrings, MCP descriptions, docs/API.md)');

SELECT * FROM finish();
ROLLBACK;
