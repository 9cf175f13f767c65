CREATE OR REPLACE FUNCTION claude.create_reminder(
    title text,
    check_after timestamptz,
    description text DEFAULT NULL,
    check_type text DEFAULT 'manual',
    check_condition text DEFAULT NULL,
    reschedule_days integer DEFAULT 7,
    max_reminders integer DEFAULT 3,
    project_name text DEFAULT NULL,
    created_by text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_first uuid;
    v_condition text;
    v_rel regclass;
    v_id uuid;
BEGIN
    PERFORM claude._check_idempotency_key(create_reminder.idempotency_key);
    -- docs/BOUNDS.md: the bounds of every argument before any other work.
    PERFORM claude._check_length('title', create_reminder.title, 200, 'Shorten the title; put details in description.');
    PERFORM claude._check_length('description', create_reminder.description, 65536, 'A description is at most 65,536 characters.');
    PERFORM claude._check_length('check_condition', create_reminder.check_condition, 65536, 'A condition is at most 65,536 characters.');
    PERFORM claude._check_project_name(create_reminder.project_name);
    PERFORM claude._check_length('created_by', create_reminder.created_by, 100, 'Use a shorter creator name.');
    PERFORM claude._check_length('check_type', create_reminder.check_type, 50, 'Use one of the reminder check types.');
    PERFORM claude._check_required('title', create_reminder.title,
        'Say what to follow up, e.g. ''Check that the migration ran''.', 'a reminder needs a non-empty title');
    -- created_by naming an active identity claims to be it.
    PERFORM claude._authorize_identity((SELECT i.identity_id FROM claude.identities i
                                         WHERE i.identity_name = create_reminder.created_by AND i.status = 'active'));
    v_first := claude._idempotent_begin('create_reminder', create_reminder.idempotency_key);
    IF v_first IS NOT NULL THEN
        RETURN v_first;  -- the same key again: the first call's result
    END IF;
    v_condition := CASE WHEN NOT claude._is_blank(create_reminder.check_condition) THEN btrim(create_reminder.check_condition) END;
    IF create_reminder.check_after IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'check_after is required',
            HINT = 'Pass when the reminder becomes due, e.g. now() + interval ''3 days''.';
    END IF;
    -- reminders_check_after_is_a_calendar_date: a value no client can read
    -- (infinity, BC, after year 9999) would break every listing of reminders.
    IF NOT (create_reminder.check_after <@ claude._calendar_dates()) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('check_after %s is not between years 1 and 9999', create_reminder.check_after),
            HINT = 'Pass a finite date, e.g. now() + interval ''3 days''.';
    END IF;
    PERFORM claude._check_one_of('check_type', create_reminder.check_type, claude._reminder_check_types());
    IF create_reminder.check_type <> 'manual' AND v_condition IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('a %s reminder needs a check_condition', create_reminder.check_type),
            HINT = 'sql_query: a query returning one boolean; file_exists: a path; table_empty: a table name.';
    END IF;
    IF create_reminder.check_type = 'sql_query' THEN
        v_condition := claude._reminder_sql_check(v_condition);
    ELSIF create_reminder.check_type = 'table_empty' THEN
        -- Store the resolved, quoted, schema-qualified name: what is checked
        -- later is exactly the table validated now.
        v_rel := claude._reminder_table(v_condition);
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) INTO v_condition
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = v_rel;
    END IF;
    IF create_reminder.reschedule_days IS NULL OR create_reminder.reschedule_days NOT BETWEEN 1 AND 36500 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('reschedule_days must be 1 to 36500 days, not %s',
                             coalesce(create_reminder.reschedule_days::text, 'NULL')),
            HINT = 'Pass 1 or more, at most 100 years (default 7).';
    END IF;
    IF create_reminder.max_reminders IS NULL OR create_reminder.max_reminders <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('max_reminders must be positive, not %s',
                             coalesce(create_reminder.max_reminders::text, 'NULL')),
            HINT = 'Pass 1 or more (default 3).';
    END IF;
    IF create_reminder.project_name IS NOT NULL THEN
        PERFORM claude._ensure_project(create_reminder.project_name);
    END IF;

    INSERT INTO claude.reminders (title, description, check_after, check_type, check_condition,
                                  reschedule_days, max_reminders, project_name, created_by)
    VALUES (create_reminder.title, create_reminder.description, create_reminder.check_after,
            create_reminder.check_type, v_condition, create_reminder.reschedule_days,
            create_reminder.max_reminders, create_reminder.project_name, create_reminder.created_by)
    RETURNING reminder_id INTO v_id;
    v_first := v_id;
    PERFORM claude._idempotent_end('create_reminder', create_reminder.idempotency_key, v_first);
    RETURN v_first;
END;
$$;
COMMENT ON FUNCTION claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text, text) IS
'Create a follow-up reminder that becomes due at check_after; returns its reminder_id.
title: what to follow up (required, up to 200 characters). check_after: when it becomes due.
description: details. check_type: manual (default; the user confirms), sql_query (check_condition is one
SELECT-like query returning one boolean, true = done; no semicolon except a trailing one, run later with
the checker''s privileges and rolled back), file_exists (check_condition is a path checked on the client),
table_empty (check_condition names an existing table, [schema.]table, unqualified names looked up in
claude then public; stored schema-qualified; done when the table has no rows).
check_after must lie between years 1 and 9999. reschedule_days (default 7, at most 36500) and max_reminders (default 3) must be positive. project_name registers the
project if new (up to 200 characters); created_by names the creator (up to 100 characters). description and
check_condition are at most 65,536 characters each.
Errors: 22023 blank title (only white space, control or zero-width characters), missing or out-of-range check_after,
unknown check_type, missing or invalid condition (not one query, not a table name, unknown table), non-positive or too
many days, non-positive max, a project name with a control or zero-width character; 22001 a text over its limit.
idempotency_key (optional, at most 200 characters): a key unique to this request, e.g. a UUID; a call with a key already used returns the first call''s id and creates nothing (a retry after a lost reply is not applied twice; concurrent calls with one key wait for the first).';
REVOKE ALL ON FUNCTION claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.create_reminder(text, timestamptz, text, text, text, integer, integer, text, text, text) TO claude_agent;
