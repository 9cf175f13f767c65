-- The path semantics (claude._lease_path) and the overlap decision
-- (claude._glob_overlap): a table of cases, each checked both ways round.
-- py/tests/test_leases_properties.py holds them against real path matching.
BEGIN;
SELECT plan(8);

SELECT results_eq(
    $$SELECT claude._lease_path(p) FROM unnest(ARRAY[
        'src/app.py', './src/app.py', 'src//app.py', 'src/./app.py', 'src/', 'src/**', 'src/**/**/x', ' a b ',
        'a/***/b**c', '**', '**/', 'x/**/', 'a\b', '[x]']) WITH ORDINALITY AS t(p, i) ORDER BY i$$,
    $$VALUES ('src/app.py'), ('src/app.py'), ('src/app.py'), ('src/app.py'), ('src/**'), ('src/**'), ('src/**/x'), ('a b'),
             ('a/*/b*c'), ('**'), ('**'), ('x/**'), ('a\b'), ('[x]')$$,
    'normalisation: ./ and . segments, duplicate slashes and surrounding blanks go; a trailing / is /**; runs of * shrink');
SELECT throws_ok($$SELECT claude._lease_path('..')$$, '22023', NULL, '.. alone');
SELECT throws_ok($$SELECT claude._lease_path('a/..')$$, '22023', NULL, 'a trailing ..');
SELECT throws_ok($$SELECT claude._lease_path('/')$$, '22023', NULL, 'the filesystem root');
SELECT throws_ok($$SELECT claude._lease_path('.')$$, '22023', NULL, 'the project root');

CREATE TEMP TABLE cases (a text, b text, overlap boolean) ON COMMIT DROP;
INSERT INTO cases VALUES
    -- literals
    ('src/a.py', 'src/a.py', true), ('src/a.py', 'src/b.py', false), ('src', 'src/a', false),
    -- * stays within a segment
    ('src/*.py', 'src/a.py', true), ('src/*.py', 'src/a/b.py', false), ('*', 'a/b', false), ('*', '.hidden', true),
    ('src/*', 'src', false), ('a*', '*b', true), ('a*c', '*b*', true), ('*.py', '*.rs', false), ('a*b', 'a*c', false),
    ('*a*', '*b*', true), ('ab*', 'a*', true), ('x*y', 'x', false), ('*x', 'y', false), ('*', 'abc', true),
    -- ? is one character
    ('a?c', 'abc', true), ('a?c', 'ac', false), ('a?c', 'abbc', false), ('a/?', 'a/bc', false), ('??', '*x', true),
    ('?', 'a/b', false), ('a?', '?b', true), ('?', '**', true),
    -- ** crosses segments: none or more in the middle and in front, one or more at the end
    ('src/**', 'src/a.py', true), ('src/**', 'src/a/b/c.py', true), ('src/**', 'src', false), ('src/**', 'srcx/a', false),
    ('**/b', 'b', true), ('**/b', 'a/c/b', true), ('**/b', 'a/c', false), ('a/**/b', 'a/b', true), ('a/**/b', 'a/x/y/b', true),
    ('a/**/b', 'a/x/c', false), ('a/*/b', 'a/b', false), ('**', 'anything/at/all', true), ('x/**', '**/y', true),
    ('a/**', 'a/*', true), ('a/**/c/**', '**/c/d', true), ('a/**/c', 'a/**/d', false), ('**/*.py', 'src/**/test_*.py', true),
    ('**/*.py', 'src/**/*.rs', false), ('a/**/b/**/c', 'a/b/c', true), ('a/**/b/**/c', 'a/c', false), ('a/**/b/**/c', 'a/b/x/c', true),
    -- literal prefixes that cannot agree
    ('src/1/**', 'src/12/x', false), ('src/12/**', 'src/1*/x', true), ('lib/**', 'src/**', false),
    -- characters that are special elsewhere stand for themselves
    ('[ab]', 'a', false), ('[ab]', '[ab]', true), ('a%b', 'axb', false), ('a_b', 'axb', false), ('a_*', 'a_b', true),
    ('a\*', 'a\x', true), ('a\*', 'ax', false);

SELECT is_empty($$SELECT a, b, overlap FROM cases WHERE claude._glob_overlap(a, b) IS DISTINCT FROM overlap$$,
                'every case decided as expected');
SELECT is_empty($$SELECT a, b, overlap FROM cases WHERE claude._glob_overlap(b, a) IS DISTINCT FROM overlap$$,
                'and the same both ways round');
SELECT is((SELECT string_agg(DISTINCT provolatile::text, '') FROM pg_proc
            WHERE oid IN ('claude._glob_overlap(text, text)'::regprocedure, 'claude._glob_segment_overlap(text, text)'::regprocedure,
                          'claude._lease_path(text)'::regprocedure)), 'i', 'the path functions are IMMUTABLE');

SELECT * FROM finish();
ROLLBACK;
