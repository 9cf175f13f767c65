-- Private helper: can one path match both lease globs?  This decides every
-- lease conflict.  Exact for normalised globs (claude._lease_path): a walk of
-- the product of the two patterns, segment by segment, where a '**' segment
-- may take none or any number of the other side's segments (a trailing '**'
-- at least one) and two ordinary segments must be able to match a common
-- name (claude._glob_segment_overlap).  Never optimistic: any doubt (a
-- non-normalised input) can only make it answer true more often, never less.
CREATE OR REPLACE FUNCTION claude._glob_overlap(p_a text, p_b text)
RETURNS boolean
LANGUAGE plpgsql
IMMUTABLE
STRICT
PARALLEL SAFE
AS $$
DECLARE
    v_prefix_a text;
    v_prefix_b text;
    a          text[];
    b          text[];
    n          integer;
    m          integer;
    w          integer;
    reach      boolean[];
BEGIN
    IF p_a = p_b THEN
        RETURN true;
    END IF;
    -- Every match starts with the pattern's literal prefix: the prefixes must agree.
    v_prefix_a := substring(p_a FROM '^[^*?]*');
    v_prefix_b := substring(p_b FROM '^[^*?]*');
    IF NOT (starts_with(v_prefix_a, v_prefix_b) OR starts_with(v_prefix_b, v_prefix_a)) THEN
        RETURN false;
    END IF;
    IF v_prefix_a = p_a AND v_prefix_b = p_b THEN
        RETURN false;  -- two different literal paths
    END IF;
    a := string_to_array(p_a, '/');
    b := string_to_array(p_b, '/');
    -- A trailing '**' is one segment or more: '*' then '**'.
    IF a[cardinality(a)] = '**' THEN
        a := a[1:cardinality(a) - 1] || ARRAY['*', '**'];
    END IF;
    IF b[cardinality(b)] = '**' THEN
        b := b[1:cardinality(b) - 1] || ARRAY['*', '**'];
    END IF;
    n := cardinality(a);
    m := cardinality(b);
    w := m + 1;
    reach := array_fill(false, ARRAY[(n + 1) * w]);
    reach[1] := true;  -- state (i, j) lives at i * w + j + 1
    FOR i IN 0..n LOOP
        FOR j IN 0..m LOOP
            CONTINUE WHEN NOT reach[i * w + j + 1];
            IF i = n AND j = m THEN
                RETURN true;
            END IF;
            IF i < n AND a[i + 1] = '**' THEN
                reach[(i + 1) * w + j + 1] := true;          -- '**' takes no more segments
                IF j < m AND b[j + 1] <> '**' THEN
                    reach[i * w + j + 2] := true;            -- '**' takes b's segment
                END IF;
            END IF;
            IF j < m AND b[j + 1] = '**' THEN
                reach[i * w + j + 2] := true;
                IF i < n AND a[i + 1] <> '**' THEN
                    reach[(i + 1) * w + j + 1] := true;
                END IF;
            END IF;
            IF i < n AND j < m AND a[i + 1] <> '**' AND b[j + 1] <> '**'
               AND NOT reach[(i + 1) * w + j + 2]
               AND claude._glob_segment_overlap(a[i + 1], b[j + 1]) THEN
                reach[(i + 1) * w + j + 2] := true;          -- one common segment
            END IF;
        END LOOP;
    END LOOP;
    RETURN false;
END;
$$;
COMMENT ON FUNCTION claude._glob_overlap(text, text) IS
'Private: true when some path relative to the project root matches both lease globs (* within a segment, ** across segments, ? one character); exact for normalised globs, never optimistic.';
REVOKE ALL ON FUNCTION claude._glob_overlap(text, text) FROM PUBLIC;
