-- docs/BOUNDS.md in the tables (migration 0750_bounds): direct writes that
-- break a bound, blank a required text (Unicode sense) or put a control or
-- zero-width character in a name fail on a CHECK (23514).
BEGIN;
SELECT plan(30);

SELECT tests.make_identity('tc-a') AS a \gset
SELECT tests.make_session(:'a', 'tc-p') AS s \gset
SELECT tests.make_job(job_name => 'tc-job') AS j \gset

-- the predicates
SELECT ok(claude._is_blank(E'\t\n') AND claude._is_blank(E'\u200b') AND claude._is_blank(E'\u3000')
          AND claude._is_blank(E' \u00a0\u2028\ufeff\u180e\u2060\U000E0041') AND claude._is_blank(''),
    'blank: white space, control, zero-width and tag characters only');
SELECT ok(NOT claude._is_blank('x') AND NOT claude._is_blank(E'\u200bx\u3000') AND NOT claude._is_blank('é')
          AND NOT claude._is_blank('🚀'),
    'not blank: any visible character');
SELECT ok(claude._is_clean_name('builder') AND claude._is_clean_name('Claude Code ✓ é') AND claude._is_clean_name('user@host'),
    'clean names: letters, inner spaces, symbols');
SELECT ok(NOT claude._is_clean_name(E'bob\u200b') AND NOT claude._is_clean_name(E'b\u202eob') AND NOT claude._is_clean_name(E'a\tb')
          AND NOT claude._is_clean_name(E'a\u0007') AND NOT claude._is_clean_name(' bob') AND NOT claude._is_clean_name(E'bob\u3000')
          AND NOT claude._is_clean_name(E'bo\u2028b') AND NOT claude._is_clean_name(E'bob\ufeff'),
    'unclean names: zero-width, bidi override, control, line separator, BOM, white space at an end');

-- required means non-blank in the Unicode sense
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES (E'\t\n')$$, '23514', NULL, 'project name of tab/newline');
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES (E'\u200b')$$, '23514', NULL, 'project name of a zero-width space');
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES (E'\u3000')$$, '23514', NULL, 'project name of an ideographic space');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES (E'\u200b', 'x')$$, '23514', NULL, 'blank identity name');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES ('tc-b', E'\u3000')$$, '23514', NULL, 'blank platform');
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) VALUES (%L, %L, E'\t\n', 'b')$$, :'s', :'s'),
    '23514', NULL, 'blank subject');
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) VALUES (%L, %L, 's', E'\u200b\u3000')$$, :'s', :'s'),
    '23514', NULL, 'blank body');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after) VALUES (E'\u2028', now())$$, '23514', NULL, 'blank reminder title');
SELECT throws_ok($$INSERT INTO claude.reminders (title, check_after, check_type, check_condition) VALUES ('t', now(), 'sql_query', E'\u200b')$$,
    '23514', NULL, 'blank condition of an automatic check');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type) VALUES (E'\u3000', 'd', 'pattern')$$, '23514', NULL, 'blank knowledge title');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type) VALUES ('t', E'\t', 'pattern')$$, '23514', NULL, 'blank knowledge description');
SELECT throws_ok($$INSERT INTO claude.activity_feed (source_type, activity_type, title) VALUES ('test', 'x', E'\u200b')$$, '23514', NULL, 'blank activity title');
SELECT throws_ok(format($$UPDATE claude.sessions SET session_end = now(), session_summary = E'\u200b' WHERE session_id = %L$$, :'s'),
    '23514', NULL, 'an ended session needs a non-blank summary');

-- names carry no control or zero-width characters
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES (E'tc-a\u200b', 'x')$$, '23514', NULL,
    'an identity name with a zero-width space (spoofing tc-a)');
SELECT throws_ok($$INSERT INTO claude.projects (project_name) VALUES (E'tc-p\u202e')$$, '23514', NULL, 'a project name with a bidi override');
SELECT throws_ok($$INSERT INTO claude.scheduled_jobs (job_name, job_type, command) VALUES (E'tc\u0007job', 'maintenance', 'true')$$,
    '23514', NULL, 'a job name with a control character');

-- bounds
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) VALUES (%L, %L, 's', repeat('b', 65537))$$, :'s', :'s'),
    '23514', NULL, 'a body over 65,536 characters');
SELECT throws_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body, metadata) VALUES (%L, %L, 's', 'b', jsonb_build_object('k', repeat('m', 65536)))$$, :'s', :'s'),
    '23514', NULL, 'metadata over 64 KiB');
SELECT throws_ok($$INSERT INTO claude.knowledge (title, description, knowledge_type, code_example) VALUES ('t', 'd', 'pattern', repeat('c', 65537))$$,
    '23514', NULL, 'a code example over 65,536 characters');
SELECT throws_ok($$INSERT INTO claude.identities (identity_name, platform, capabilities) VALUES ('tc-c', 'x', jsonb_build_object('k', repeat('m', 65536)))$$,
    '23514', NULL, 'capabilities over 64 KiB');
SELECT throws_ok(format($$UPDATE claude.sessions SET tasks_completed = array_fill('t'::text, ARRAY[101]) WHERE session_id = %L$$, :'s'),
    '23514', NULL, 'more than 100 tasks');
SELECT throws_ok(format($$UPDATE claude.scheduled_jobs SET last_output = repeat('o', 65537) WHERE job_id = %L$$, :'j'),
    '23514', NULL, 'a stored job output over 65,536 characters');

-- what is within the bounds still goes in
SELECT lives_ok(format($$INSERT INTO claude.messages (from_session_id, to_session_id, subject, body) VALUES (%L, %L, E'\u200bhi', repeat('b', 65536))$$, :'s', :'s'),
    'a body of exactly 65,536 characters, a subject with a visible character');
SELECT lives_ok($$INSERT INTO claude.identities (identity_name, platform) VALUES ('Claude Code ✓ é', 'claude-code')$$,
    'a name with inner spaces and non-ASCII letters');

-- the cut helper
SELECT ok(length(claude._cut_text(repeat('o', 200000))) BETWEEN 65472 AND 65536, 'a cut text fits the bound (its beginning is kept)');
SELECT ok(claude._cut_text(repeat('o', 200000)) LIKE '%[cut by claude-gateway: 134528 more characters]'
          AND claude._cut_text('short') = 'short' AND claude._cut_text(NULL) IS NULL,
    'it ends in a marker that says how much was left out; short and NULL texts are kept');

SELECT * FROM finish();
ROLLBACK;
