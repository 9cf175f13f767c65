-- The privileges of every table, view, sequence, type and function in schema
-- claude, for every role, pinned with pgTAP's *_privs_are:
--   tables, sequences: nothing for claude_reader, claude_agent, claude_admin
--   views:             SELECT only, for all three (reader's grant, inherited)
--   API functions:     EXECUTE for claude_agent (and so claude_admin), except
--                      the admin-only tools, EXECUTE for claude_admin only,
--                      and answer_question, for claude_overseer only;
--                      never claude_reader, except the read-only
--                      search_knowledge (Mission Control's knowledge search)
--   private helpers (_*, tg_*): nobody, except _cron_field (agent), which the
--                      SECURITY INVOKER cron_next needs, and the allowed-value
--                      lists of db/values/ (all roles: constants the views and
--                      cron_next read)
--   claude_condition (reminder conditions run as it): USAGE on the schema,
--                      SELECT on every view, EXECUTE on _reminder_condition,
--                      (as owner) _run_condition and the allowed-value lists only
-- A new API function must be classified here (test "every API function is
-- classified"); the counts in plan() follow the catalog.
BEGIN;
SELECT plan(
    1 + 3 + 3 + 3
    + 3 * (SELECT count(*)::integer FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'claude' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f'))
    + 3 * (SELECT count(*)::integer FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'claude')
);

CREATE TEMP TABLE policy (proname name PRIMARY KEY, grantee name NOT NULL) ON COMMIT DROP;
INSERT INTO policy VALUES
    -- admin-only: jobs run shell commands, retention, archiving identities
    ('archive_activity', 'claude_admin'), ('archive_identity', 'claude_admin'),
    ('create_scheduled_job', 'claude_admin'), ('set_job_active', 'claude_admin'),
    ('run_maintenance', 'claude_admin'),
    -- binding identities to logins (docs/RULES.md, "Identity from the connection")
    ('bind_identity', 'claude_admin'),
    -- human overseers only: nobody of the three roles below, admins included
    ('answer_question', 'claude_overseer'),
    -- every other tool is an agent's
    ('ask_human', 'claude_agent'), ('escalate_overdue_questions', 'claude_agent'),
    ('acknowledge_message', 'claude_agent'), ('apply_knowledge', 'claude_agent'),
    ('broadcast_to_project', 'claude_agent'), ('check_reminder', 'claude_agent'),
    ('claim_job', 'claude_agent'), ('claim_next_job', 'claude_agent'), ('complete_reminder', 'claude_agent'),
    ('create_reminder', 'claude_agent'), ('cron_next', 'claude_agent'),
    ('dismiss_reminder', 'claude_agent'), ('end_abandoned_sessions', 'claude_agent'),
    ('end_session', 'claude_agent'), ('expire_messages', 'claude_agent'),
    ('get_active_identities', 'claude_agent'), ('get_active_session', 'claude_agent'),
    ('get_activity_by_source', 'claude_agent'), ('get_due_jobs', 'claude_agent'),
    ('get_due_reminders', 'claude_agent'), ('get_identity_id', 'claude_agent'), ('ensure_identity', 'claude_agent'),
    ('get_session_project', 'claude_agent'), ('get_message_thread', 'claude_agent'),
    ('get_pending_messages', 'claude_agent'), ('get_recent_activity', 'claude_agent'),
    ('get_session_end_jobs', 'claude_agent'), ('link_knowledge', 'claude_agent'),
    ('log_activity', 'claude_agent'), ('mark_message_read', 'claude_agent'),
    ('process_due_reminders', 'claude_agent'), ('process_reminder', 'claude_agent'),
    ('record_knowledge', 'claude_agent'),
    ('recover_stale_jobs', 'claude_agent'), ('register_identity', 'claude_agent'),
    ('reschedule_reminder', 'claude_agent'), ('search_knowledge', 'claude_agent'),
    ('send_message', 'claude_agent'), ('send_messages', 'claude_agent'), ('session_startup', 'claude_agent'),
    ('start_session', 'claude_agent'), ('update_identity_activity', 'claude_agent'),
    ('deliver_new_messages', 'claude_agent'), ('session_context', 'claude_agent'),
    ('touch_session', 'claude_agent'),
    ('update_job_result', 'claude_agent'), ('update_knowledge', 'claude_agent'),
    ('whoami', 'claude_agent'),
    ('acquire_lease', 'claude_agent'), ('renew_lease', 'claude_agent'), ('release_lease', 'claude_agent'),
    ('release_leases', 'claude_agent'), ('check_paths', 'claude_agent'),
    -- private, but called by SECURITY INVOKER cron_next with the caller's rights
    ('_cron_field', 'claude_agent'),
    -- the allowed-value lists and bounds (db/values/)
    ('_activity_severities', 'claude_reader'), ('_activity_source_types', 'claude_reader'),
    ('_calendar_dates', 'claude_reader'), ('_identity_statuses', 'claude_reader'),
    ('_job_statuses', 'claude_reader'), ('_job_trigger_types', 'claude_reader'),
    ('_job_types', 'claude_reader'), ('_knowledge_types', 'claude_reader'),
    ('_message_priorities', 'claude_reader'), ('_message_statuses', 'claude_reader'),
    ('_message_types', 'claude_reader'), ('_receipt_statuses', 'claude_reader'),
    ('_reminder_check_types', 'claude_reader'), ('_reminder_statuses', 'claude_reader'),
    ('_session_activity_states', 'claude_reader'), ('_lease_release_causes', 'claude_reader'),
    ('_question_statuses', 'claude_reader'), ('_idempotency_scopes', 'claude_reader');

CREATE TEMP TABLE fns ON COMMIT DROP AS
SELECT p.oid, p.proname,
       ARRAY(SELECT format_type(a.t, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, i) ORDER BY a.i)::name[] AS args,
       pol.grantee
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  LEFT JOIN policy pol ON pol.proname = p.proname
 WHERE n.nspname = 'claude';

SELECT is_empty(
    $$SELECT proname FROM fns WHERE grantee IS NULL AND proname !~ '^(_|tg_)'$$,
    'every API function is classified (admin-only or agent) in this test''s policy');

-- roles and schema
SELECT schema_privs_are('claude', r, ARRAY['USAGE']::name[], r || ' has USAGE (not CREATE) on schema claude')
  FROM unnest(ARRAY['claude_reader', 'claude_agent', 'claude_admin']::name[]) AS r;
SELECT is_member_of('claude_reader', ARRAY['claude_agent'], 'claude_agent is a member of claude_reader');
SELECT is_member_of('claude_agent', ARRAY['claude_admin'], 'claude_admin is a member of claude_agent');
SELECT isnt_member_of('claude_agent', ARRAY['claude_reader'], 'claude_reader is not a member of claude_agent');

-- claude_condition: the views, and the two functions of the sandbox
SELECT schema_privs_are('claude', 'claude_condition', ARRAY['USAGE']::name[], 'claude_condition has USAGE (not CREATE) on schema claude');
SELECT is_empty($$
    SELECT c.oid::regclass::text || ' ' || priv FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
           unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS priv
     WHERE n.nspname = 'claude' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND has_table_privilege('claude_condition', c.oid, priv) <> (c.relkind IN ('v', 'm') AND priv = 'SELECT')$$,
    'claude_condition: SELECT on every view and nothing else on any relation');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'claude'
       AND has_function_privilege('claude_condition', p.oid, 'EXECUTE')
           <> (p.oid IN ('claude._reminder_condition(uuid)'::regprocedure, 'claude._run_condition(uuid)'::regprocedure)
               OR p.proname IN (SELECT proname FROM policy WHERE grantee = 'claude_reader'))$$,
    'claude_condition: EXECUTE on _reminder_condition, _run_condition and the allowed-value lists only');

-- relations: tables and sequences private, views readable
SELECT table_privs_are('claude', c.relname, r,
           CASE WHEN c.relkind IN ('v', 'm') THEN ARRAY['SELECT'] ELSE ARRAY[]::text[] END::name[],
           format('%s: %s %s', r, CASE WHEN c.relkind IN ('v', 'm') THEN 'SELECT only on view' ELSE 'no privilege on' END, c.relname))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN unnest(ARRAY['claude_reader', 'claude_agent', 'claude_admin']::name[]) AS r
 WHERE n.nspname = 'claude' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
 ORDER BY c.relname, r;
SELECT sequence_privs_are('claude', c.relname, r, ARRAY[]::name[], format('%s: no privilege on sequence %s', r, c.relname))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN unnest(ARRAY['claude_reader', 'claude_agent', 'claude_admin']::name[]) AS r
 WHERE n.nspname = 'claude' AND c.relkind = 'S';

-- functions
SELECT function_privs_are('claude', f.proname, f.args, r,
           CASE WHEN (f.grantee = 'claude_reader' OR f.proname = 'search_knowledge') THEN ARRAY['EXECUTE']
                WHEN f.grantee = 'claude_agent' AND r IN ('claude_agent', 'claude_admin') THEN ARRAY['EXECUTE']
                WHEN f.grantee = 'claude_admin' AND r = 'claude_admin' THEN ARRAY['EXECUTE']
                ELSE ARRAY[]::text[] END::name[],
           format('%s: %s claude.%s(%s)', r,
                  CASE WHEN (f.grantee = 'claude_reader' OR f.proname = 'search_knowledge')
                         OR (f.grantee = 'claude_agent' AND r IN ('claude_agent', 'claude_admin'))
                         OR (f.grantee = 'claude_admin' AND r = 'claude_admin') THEN 'EXECUTE on' ELSE 'no EXECUTE on' END,
                  f.proname, array_to_string(f.args, ', ')))
  FROM fns f
 CROSS JOIN unnest(ARRAY['claude_reader', 'claude_agent', 'claude_admin']::name[]) AS r
 ORDER BY f.proname, r;

SELECT * FROM finish();
ROLLBACK;
