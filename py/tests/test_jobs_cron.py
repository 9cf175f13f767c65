"""claude.cron_next agrees with croniter (the reference) on generated expressions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from croniter import CroniterBadDateError, croniter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _item(lo: int, hi: int, names: list[str] | None = None) -> st.SearchStrategy[str]:
    """One list item of a field: a value, a range, a step, in digits or names."""

    def value(v: int) -> st.SearchStrategy[str]:
        if names is not None and lo <= v < lo + len(names):
            return st.sampled_from([str(v), names[v - lo], names[v - lo].upper()])
        return st.just(str(v))

    single = st.integers(lo, hi).flatmap(value)
    rng = st.tuples(st.integers(lo, hi - 1), st.integers(1, hi - lo)).flatmap(
        lambda t: st.tuples(value(t[0]), value(min(t[0] + t[1], hi))).map("-".join)
    )
    step = st.integers(1, max(2, (hi - lo) // 2)).map(str)
    stepped = st.one_of(
        step.map(lambda s: f"*/{s}"),
        st.tuples(st.integers(lo, hi - 1), step).map(lambda t: f"{t[0]}/{t[1]}"),
        st.tuples(st.integers(lo, hi - 1), st.integers(1, hi - lo), step).map(
            lambda t: f"{t[0]}-{min(t[0] + t[1], hi)}/{t[2]}"),
    )
    return st.one_of(single, rng, stepped)


def _field(lo: int, hi: int, names: list[str] | None = None, star_weight: int = 3):
    listed = st.lists(_item(lo, hi, names), min_size=1, max_size=3).map(",".join)
    return st.one_of(*([st.just("*")] * star_weight), listed)


expressions = st.tuples(
    _field(0, 59, star_weight=1),
    _field(0, 23, star_weight=2),
    _field(1, 31),
    _field(1, 12, MONTHS),
    # croniter's 0-6: Sunday as 7 is covered by the fixed cases below
    _field(0, 6, DAYS),
).map(" ".join)

instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31),
).map(lambda d: d.replace(tzinfo=UTC))


def reference(expression: str) -> str:
    """The expression for croniter: a day field that allows every day is spelled "*".

    cron_next treats a day-of-month or day-of-week field as unrestricted when it
    allows every value; croniter does so only when the other day field contains
    a "*" character, so the reference is given the equivalent spelling.
    """
    fields = expression.split()
    expanded = croniter(expression).expanded
    if expanded[2] == ["*"] or len(expanded[2]) == 31:
        fields[2] = "*"
    if expanded[4] == ["*"] or len(set(expanded[4])) == 7:
        fields[4] = "*"
    return " ".join(fields)


def cron_next(conn: psycopg.Connection, expression: str, after: datetime) -> datetime:
    row = conn.execute(
        "SELECT claude.cron_next(expression => %s::text, after => %s::timestamptz)",
        (expression, after),
    ).fetchone()
    assert row is not None
    return row[0]


@pytest.fixture(scope="module")
def shared_conn(dsn: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(dsn, autocommit=True) as c:
        yield c


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression=expressions, after=instants)
def test_cron_next_agrees_with_croniter(
    shared_conn: psycopg.Connection, expression: str, after: datetime
) -> None:
    try:
        expected = croniter(reference(expression), after).get_next(datetime)
    except CroniterBadDateError:
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            cron_next(shared_conn, expression, after)
        return
    assert cron_next(shared_conn, expression, after) == expected


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("0 0 29 2 *", "2023-03-01 00:00", "2024-02-29 00:00"),
        ("0 0 29 2 *", "2024-02-29 00:00", "2028-02-29 00:00"),
        ("0 0 29 2 *", "2097-01-01 00:00", "2104-02-29 00:00"),
        ("0 12 29 2 *", "2024-02-29 11:59", "2024-02-29 12:00"),
        ("0 0 31 * *", "2024-01-31 00:00", "2024-03-31 00:00"),
        ("0 0 30 * *", "2024-01-30 00:00", "2024-03-30 00:00"),
        ("59 23 28-31 * *", "2023-02-28 23:59", "2023-03-28 23:59"),
        ("*/20 * * * *", "2024-12-31 23:59", "2025-01-01 00:00"),
        ("0 8 * * 7", "2024-01-01 00:00", "2024-01-07 08:00"),
        ("0 8 * * 6-7", "2024-01-06 08:00", "2024-01-07 08:00"),
        ("0 8 * * sun", "2024-01-01 00:00", "2024-01-07 08:00"),
        ("0 0 13 * fri", "2024-09-06 00:00", "2024-09-13 00:00"),  # Friday the 13th itself
        ("0 0 13 * fri", "2024-01-06 00:00", "2024-01-12 00:00"),  # a Friday before the 13th
        ("0 0 13 * fri", "2024-01-12 00:00", "2024-01-13 00:00"),  # the 13th, a Saturday
        ("0 0 1,15 * 1", "2024-01-02 00:00", "2024-01-08 00:00"),
    ],
)
def test_fixed_cases(conn: psycopg.Connection, expression: str, after: str, expected: str) -> None:
    start = datetime.fromisoformat(after).replace(tzinfo=UTC)
    want = datetime.fromisoformat(expected).replace(tzinfo=UTC)
    assert cron_next(conn, expression, start) == want
    # croniter agrees, with Sunday spelled 0 where it needs it
    assert croniter(expression.replace(" 7", " 0").replace("6-0", "6,0"), start).get_next(
        datetime) == want


def test_result_is_strictly_after(conn: psycopg.Connection) -> None:
    t = datetime(2024, 5, 5, 5, 5, tzinfo=UTC)
    assert cron_next(conn, "5 5 5 5 *", t) == t.replace(year=2025)
    assert cron_next(conn, "* * * * *", t + timedelta(seconds=59)) == t + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("expression", "field"),
    [("0 0 30 2 *", "day-of-month"), ("61 * * * *", "minute"), ("* 24 * * *", "hour"),
     ("* * 0 * *", "day-of-month"), ("* * * 13 *", "month"), ("* * * * 8", "day-of-week"),
     ("* * * * xyz", "day-of-week"), ("*/x * * * *", "minute")],
)
def test_errors_name_the_field(conn: psycopg.Connection, expression: str, field: str) -> None:
    with pytest.raises(psycopg.errors.InvalidParameterValue) as info:
        cron_next(conn, expression, datetime(2024, 1, 1, tzinfo=UTC))
    assert field in str(info.value)
