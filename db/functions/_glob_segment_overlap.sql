-- Private helper: do two one-segment globs (no '/'; '*' any run, '?' one
-- character, anything else itself) match a common string?  Exact: a walk of
-- the product of the two patterns' automata, every step moving forward.
CREATE OR REPLACE FUNCTION claude._glob_segment_overlap(p_a text, p_b text)
RETURNS boolean
LANGUAGE plpgsql
IMMUTABLE
STRICT
PARALLEL SAFE
AS $$
DECLARE
    a     text[];
    b     text[];
    n     integer;
    m     integer;
    w     integer;
    reach boolean[];
    ca    text;
    cb    text;
BEGIN
    IF p_a = p_b THEN
        RETURN true;
    END IF;
    -- A literal against a pattern: LIKE decides it ('*' -> '%', '?' -> '_').
    IF p_a !~ '[*?]' AND p_b !~ '[*?]' THEN
        RETURN false;
    ELSIF p_a !~ '[*?]' THEN
        RETURN p_a LIKE replace(replace(replace(replace(replace(p_b, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '?', '_');
    ELSIF p_b !~ '[*?]' THEN
        RETURN p_b LIKE replace(replace(replace(replace(replace(p_a, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '?', '_');
    END IF;
    a := string_to_array(p_a, NULL);
    b := string_to_array(p_b, NULL);
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
            ca := CASE WHEN i < n THEN a[i + 1] END;
            cb := CASE WHEN j < m THEN b[j + 1] END;
            IF ca = '*' THEN
                reach[(i + 1) * w + j + 1] := true;              -- '*' matches nothing more
                IF cb IS NOT NULL AND cb <> '*' THEN
                    reach[i * w + j + 2] := true;                -- '*' takes b's character
                END IF;
            END IF;
            IF cb = '*' THEN
                reach[i * w + j + 2] := true;
                IF ca IS NOT NULL AND ca <> '*' THEN
                    reach[(i + 1) * w + j + 1] := true;
                END IF;
            END IF;
            IF ca <> '*' AND cb <> '*' AND (ca = '?' OR cb = '?' OR ca = cb) THEN
                reach[(i + 1) * w + j + 2] := true;              -- one common character
            END IF;
        END LOOP;
    END LOOP;
    RETURN false;
END;
$$;
COMMENT ON FUNCTION claude._glob_segment_overlap(text, text) IS
'Private: true when two single-segment globs (* any run, ? one character) match a common string; exact.';
REVOKE ALL ON FUNCTION claude._glob_segment_overlap(text, text) FROM PUBLIC;
