-- Ask the human overseers a question: it reaches them on Mission
-- Control Web and in an overseer's `inbox --follow` (claude_questions
-- notification); the answer comes back to the asking session's identity as a
-- message from the overseer (from_overseer true), so the inbox, the
-- mid-session hook and MCP wait_for_messages see it.
CREATE OR REPLACE FUNCTION claude.ask_human(
    session_id       uuid,
    question         text,
    options          text[]  DEFAULT NULL,
    deadline_minutes integer DEFAULT 60,
    allow_free_text  boolean DEFAULT true
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    v_identity uuid;
    v_project  claude.sessions.project_name%TYPE;
    v_end      timestamptz;
    v_n        integer := 0;
    v_option   text;
    v_id       uuid;
BEGIN
    -- docs/BOUNDS.md: the bounds first.
    PERFORM claude._check_length('question', ask_human.question, 4000,
        'A question is at most 4,000 characters: ask it shortly and put the details in a message.');
    PERFORM claude._check_list('options', ask_human.options, 10, 200, 2000,
        'Offer at most 10 options of at most 200 characters each.');
    IF ask_human.session_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'session_id is required',
            HINT = 'Pass the id of the asking (active) session: the answer is sent to it.';
    END IF;
    v_identity := claude._authorize_session(ask_human.session_id);
    SELECT s.project_name, s.session_end INTO v_project, v_end
      FROM claude.sessions s WHERE s.session_id = ask_human.session_id;
    PERFORM claude._refuse_ended_session(ask_human.session_id, v_end, 'ask',
        'Ask from the identity''s current (active) session.');
    PERFORM claude._check_required('question', ask_human.question, 'Pass the question for the human, in one or two sentences.');
    IF ask_human.options IS NOT NULL THEN
        FOREACH v_option IN ARRAY ask_human.options LOOP
            v_n := v_n + 1;
            PERFORM claude._check_required(format('options[%s]', v_n), v_option,
                'Every option is a short, non-blank answer; leave options out for a free-text question.');
        END LOOP;
        IF cardinality(ask_human.options) <> (SELECT count(DISTINCT o) FROM unnest(ask_human.options) o) THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('options %s repeat an option', array_to_string(ask_human.options, ' | ')),
                HINT = 'Offer each option once.';
        END IF;
    END IF;
    IF ask_human.allow_free_text IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'allow_free_text is required',
            HINT = 'Pass true (the default) or false (only the options).';
    END IF;
    IF coalesce(cardinality(ask_human.options), 0) = 0 AND NOT ask_human.allow_free_text THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'a question without options must allow a free-text answer (allow_free_text false)',
            HINT = 'Pass options to choose from, or leave allow_free_text true.';
    END IF;
    IF ask_human.deadline_minutes IS NULL OR ask_human.deadline_minutes NOT BETWEEN 1 AND 10080 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('deadline_minutes must be between 1 and 10080 (7 days), got %s',
                             coalesce(ask_human.deadline_minutes::text, 'NULL')),
            HINT = 'Pass the minutes a human has to answer before the question escalates (default 60).';
    END IF;

    INSERT INTO claude.human_questions (session_id, identity_id, project_name, question, options,
                                        allow_free_text, deadline)
    VALUES (ask_human.session_id, v_identity, v_project, ask_human.question,
            coalesce(ask_human.options, '{}'), ask_human.allow_free_text,
            now() + make_interval(mins => ask_human.deadline_minutes))
    RETURNING question_id INTO v_id;
    RETURN v_id;
END;
$$;
COMMENT ON FUNCTION claude.ask_human(uuid, text, text[], integer, boolean) IS
'Ask the human overseers a question; returns its question_id. It shows on Mission Control Web and in an overseer''s inbox --follow; the answer arrives in your inbox as an urgent message from the overseer (from_overseer true, metadata.question_id). Unanswered at its deadline, it escalates (an activity warning).
Parameters:
- session_id: the asking active session (P0002 unknown, 55000 ended, 42501 not yours).
- question: what to decide, 1 to 4,000 characters.
- options: answers to choose from, at most 10 of at most 200 characters, distinct; NULL for free text only.
- deadline_minutes: minutes until it escalates, 1 to 10,080 (default 60).
- allow_free_text: whether the human may answer in their own words (default true).

Errors: 22001 too long; 22023 blank, bad option or deadline.';
REVOKE ALL ON FUNCTION claude.ask_human(uuid, text, text[], integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claude.ask_human(uuid, text, text[], integer, boolean) TO claude_agent;
