-- Private helper: the normalised form of a lease path, or 22023/22001.
--
-- Lease paths are globs relative to the project root, matched against the
-- project's file paths segment by segment ('/' separates segments):
--   *    any run of characters within one segment (also none; also a leading dot)
--   ?    exactly one character other than '/'
--   **   a whole segment of its own: any number of segments (none included);
--        as the last segment, one or more (so 'src/**' is everything inside src);
--        '**' inside a longer segment is the same as '*'
--   every other character, '[' and '\' included, stands for itself; matching
--   is case-sensitive.
-- Normalisation: surrounding whitespace is trimmed; './' and '.' segments and
-- duplicate slashes are dropped; a trailing '/' (a directory) becomes '/**';
-- runs of '*' inside a segment become one '*'; repeated '**' segments one.
-- Refused (22023): NULL or blank, control or zero-width characters, absolute
-- paths ('/x', '~/x', 'C:\x'), '..' segments, and a path that names the
-- project root itself ('.', './'): lease '**' for the whole project.
-- Longer than 1,024 characters: 22001 (checked first).
CREATE OR REPLACE FUNCTION claude._lease_path(p_path text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
AS $$
DECLARE
    v_path     text;
    v_segment  text;
    v_segments text[] := '{}'::text[];
    v_hint     constant text := 'Pass paths relative to the project root, e.g. ''src/app.py'', ''src/**'' or ''docs/*.md''.';
BEGIN
    PERFORM claude._check_length('path', p_path, 1024, 'A lease path is at most 1,024 characters; lease a glob of the folder instead.');
    IF p_path IS NULL OR p_path !~ '[^[:space:]\u200B\u200C\u200D\u2060\uFEFF]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('lease path %s is blank', coalesce(quote_literal(p_path), 'NULL')),
            HINT = v_hint;
    END IF;
    IF p_path ~ '[[:cntrl:]\u200B\u200C\u200D\u2060\uFEFF]' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('lease path %L contains control or zero-width characters', p_path),
            HINT = v_hint;
    END IF;
    v_path := btrim(p_path, E' \t\n\r\u00A0');
    IF v_path ~ '^(/|~|[A-Za-z]:[/\\])' THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('lease path %L is absolute', p_path),
            HINT = v_hint;
    END IF;
    FOREACH v_segment IN ARRAY string_to_array(v_path, '/') LOOP
        CONTINUE WHEN v_segment = '' OR v_segment = '.';
        IF v_segment = '..' THEN
            RAISE EXCEPTION USING ERRCODE = '22023',
                MESSAGE = format('lease path %L leaves its folder with ''..''', p_path),
                HINT = v_hint;
        END IF;
        IF v_segment <> '**' THEN
            v_segment := regexp_replace(v_segment, '\*{2,}', '*', 'g');
        ELSIF v_segments[cardinality(v_segments)] = '**' THEN
            CONTINUE;
        END IF;
        v_segments := v_segments || v_segment;
    END LOOP;
    IF cardinality(v_segments) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('lease path %L names the project root', p_path),
            HINT = 'Lease ''**'' for the whole project, or name files and folders inside it.';
    END IF;
    IF right(v_path, 1) = '/' AND v_segments[cardinality(v_segments)] <> '**' THEN
        v_segments := v_segments || '**'::text;
    END IF;
    RETURN array_to_string(v_segments, '/');
END;
$$;
COMMENT ON FUNCTION claude._lease_path(text) IS
'Private: the normalised lease glob of a path relative to the project root (* within a segment, ** across segments, ? one character; ./, . segments and duplicate slashes dropped, a trailing / becomes /**), or 22023 (blank, control characters, absolute, .., the root itself) / 22001 (over 1,024 characters).';
REVOKE ALL ON FUNCTION claude._lease_path(text) FROM PUBLIC;
