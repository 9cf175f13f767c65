"""The lease overlap decision (claude._glob_overlap) held against real path matching.

The reference is Python's own filesystem glob (`glob.glob(..., recursive=True,
include_hidden=True)`) run over real files in a temporary folder: the same
segment rules as a lease path (`*` and `?` within a segment, `**` as a whole
segment for any number of folders).  Three properties:

- sound: whenever some file matches both globs, the database says they overlap;
- exact against a file: a glob overlaps a concrete path exactly when the glob
  matches that file (what the edit guards rely on);
- globs derived from one path (characters made `?`, runs made `*`, folders made
  `**`) overlap, and glob confirms each matches the path.

Names are drawn from a small alphabet (with dots, so hidden files occur) to
make collisions likely; `[` is left out because it is a character class to
glob and a plain character to a lease.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

NAME_CHARS = "ab."
SETTINGS = settings(max_examples=int(os.environ.get("CGW_PROPERTY_EXAMPLES", "300")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.large_base_example,
                                           HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def db(dsn: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        yield conn


names = st.text(NAME_CHARS, min_size=1, max_size=3).filter(lambda s: s not in (".", ".."))
files = st.lists(names, min_size=1, max_size=3).map("/".join)
pattern_segments = st.one_of(
    st.just("**"),
    st.text(NAME_CHARS + "*?", min_size=1, max_size=4).filter(lambda s: s not in (".", "..", "**")),
)
patterns = st.lists(pattern_segments, min_size=1, max_size=4).map("/".join)
file_sets = st.lists(files, min_size=1, max_size=8, unique=True)


def normalised(db: psycopg.Connection, pattern: str) -> str:
    row = db.execute("SELECT claude._lease_path(%s)", (pattern,)).fetchone()
    assert row is not None
    return row[0]


def overlap(db: psycopg.Connection, a: str, b: str) -> bool:
    row = db.execute("SELECT claude._glob_overlap(%s, %s)", (a, b)).fetchone()
    assert row is not None
    return row[0]


def consistent(paths: list[str]) -> bool:
    """No path is a folder of another (a name cannot be both a file and a folder)."""
    return not any(q.startswith(p + "/") for p in paths for q in paths)


def real_matches(root: str, pattern: str, present: set[str]) -> set[str]:
    """The files under `root` that Python's glob matches with `pattern`."""
    found = glob.glob(pattern, root_dir=root, recursive=True, include_hidden=True)
    return {f for f in found if f in present}


def make_files(root: str, paths: list[str]) -> None:
    for path in paths:
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w"):
            pass


@SETTINGS
@given(a=patterns, b=patterns, paths=file_sets)
def test_globs_that_match_a_common_file_overlap(db: psycopg.Connection, a: str, b: str,
                                                paths: list[str]) -> None:
    assume(consistent(paths))
    a, b = normalised(db, a), normalised(db, b)
    with tempfile.TemporaryDirectory() as root:
        make_files(root, paths)
        common = real_matches(root, a, set(paths)) & real_matches(root, b, set(paths))
    if common:
        assert overlap(db, a, b), f"{a!r} and {b!r} both match {sorted(common)} but were said not to overlap"
        assert overlap(db, b, a)


@SETTINGS
@given(a=patterns, paths=file_sets)
def test_a_glob_overlaps_a_file_exactly_when_it_matches_it(db: psycopg.Connection, a: str,
                                                           paths: list[str]) -> None:
    assume(consistent(paths))
    a = normalised(db, a)
    with tempfile.TemporaryDirectory() as root:
        make_files(root, paths)
        matched = real_matches(root, a, set(paths))
    for path in paths:
        assert overlap(db, a, path) == (path in matched), (a, path, sorted(matched))


@st.composite
def derived(draw: st.DrawFn, path: str) -> str:
    """A glob that matches `path`: some characters become ?, some runs *, some folders **."""
    out: list[str] = []
    segments = path.split("/")
    i = 0
    while i < len(segments):
        if draw(st.integers(0, 4)) == 0:
            # '**' stands for the next `take` folders: none or more in the middle, at least one at the end
            # (when it takes none, the folder that follows it comes next, so it is never last and empty)
            take = draw(st.integers(0, len(segments) - i))
            out.append("**")
            i += take
            continue
        seg = segments[i]
        chars: list[str] = []
        j = 0
        while j < len(seg):
            choice = draw(st.integers(0, 5))
            if choice == 0:
                chars.append("?")
                j += 1
            elif choice == 1:
                run = draw(st.integers(0, len(seg) - j))
                chars.append("*")
                j += run
            else:
                chars.append(seg[j])
                j += 1
        if draw(st.booleans()) and draw(st.booleans()):
            chars.append("*")
        out.append("".join(chars) or "*")
        i += 1
    return "/".join(out)


@SETTINGS
@given(data=st.data(), path=files)
def test_globs_derived_from_one_path_overlap(db: psycopg.Connection, data: st.DataObject, path: str) -> None:
    a = normalised(db, data.draw(derived(path)))
    b = normalised(db, data.draw(derived(path)))
    with tempfile.TemporaryDirectory() as root:
        make_files(root, [path])
        assert real_matches(root, a, {path}) == {path}, f"glob {a!r} should match {path!r}"
        assert real_matches(root, b, {path}) == {path}, f"glob {b!r} should match {path!r}"
    assert overlap(db, a, b), f"{a!r} and {b!r} both match {path!r} but were said not to overlap"
